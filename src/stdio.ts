/** stdio transport: one local client, the key from FAL_KEY, local file paths allowed for upload_file. */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createServer, prepareServer } from "./server/create.js";
import type { ServerOptions } from "./server/options.js";

export async function runStdio(opts: ServerOptions, key: string | undefined): Promise<void> {
  const prepared = await prepareServer(opts);
  const server = createServer(opts, prepared, key);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.stdin.once("end", stop);
  // A client that goes away mid-answer makes stdout fail (EPIPE): that ends the session, quietly, rather
  // than surfacing as an uncaught stream error.
  process.stdout.on("error", stop);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
