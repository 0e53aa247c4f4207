/**
 * `serve --workers N`: node:cluster forks N workers sharing the port. The endpoint keeps no state, so
 * any worker can answer any request; each holds its own read-only caches (catalog, indexes).
 */
import cluster from "node:cluster";

/** Returns true in the primary (which only supervises), false in a worker (which should serve). */
export async function runCluster(workers: number): Promise<boolean> {
  if (!cluster.isPrimary) return false;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  let announced = false;
  // A worker that dies before any has said "listening" failed to start (a port in use, a bad host), and so
  // would every replacement: restarting it would loop forever, so the cluster stops instead, with the
  // worker's own sentence already on stderr.
  cluster.on("message", (_w, msg) => {
    if (typeof msg !== "string") return;
    if (!announced) {
      announced = true;
      process.stdout.write(msg);
    }
  });
  cluster.on("exit", (w, code, signal) => {
    if (stopping) return;
    const how = signal ?? `exit code ${code}`;
    // Before any worker has listened, a death is a start that cannot succeed; once the server is up,
    // every death (a replacement's too: killed while loading) is replaced, so one bad moment never stops it.
    if (!announced) {
      process.stderr.write(`fal-mcp: a worker could not start (${how}); stopping all ${workers}\n`);
      stop(1);
      return;
    }
    process.stderr.write(`fal-mcp: worker ${w.process.pid} exited (${how}); starting another\n`);
    cluster.fork();
  });
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(code), 11_000).unref();
    const done = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    };
    cluster.on("exit", done);
    done();
  };
  process.once("SIGINT", () => stop());
  process.once("SIGTERM", () => stop());
  return true;
}
