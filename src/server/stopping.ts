/** The abort reason of calls cut short because the server is stopping, so an answer can say so. */
export class ServerStopping extends Error {
  constructor() {
    super("server shutting down");
  }
}
