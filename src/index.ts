/** fal-mcp as a library: build the server, the web-standard handler, or the emulator from code. */
export { createFetchHandler, type HttpOptions } from "./transports/http/handler.js";
export { startHttpServer } from "./transports/http/node.js";
export { createServer, prepareServer } from "./server/create.js";
export type { ServerOptions } from "./server/options.js";
export { startEmulator, emulatorUrls, type Emulator, type EmulatorOptions } from "./emulator/server.js";
export { createUrlGuard, isBlockedAddress } from "./net/guard.js";
export * from "./fal/index.js";
