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
  cluster.on("message", (_w, msg) => {
    if (!announced && typeof msg === "string") {
      announced = true;
      process.stdout.write(msg);
    }
  });
  cluster.on("exit", (w, code) => {
    if (stopping) return;
    process.stderr.write(`fal-mcp: worker ${w.process.pid} exited (${code}); starting another\n`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 11_000).unref();
    cluster.on("exit", () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return true;
}
