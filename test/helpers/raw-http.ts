/**
 * A loopback TCP server for tests that answer HTTP byte for byte, as node:http would not: what arrives is
 * split into requests (the head, then a Content-Length body) and each goes to `onRequest` with its socket.
 * It counts connections and requests; `close()` ends every socket it accepted.
 */
import net from "node:net";
import { afterEach, beforeEach } from "vitest";

export interface RawHttpRequest {
  method: string;
  path: string;
  head: string;
  body: string;
  /** The request's place on its connection: 1 for the first. */
  n: number;
}

export interface RawHttpServer {
  readonly origin: string;
  readonly server: net.Server;
  connections: number;
  requests: number;
  /** The connections open now. */
  readonly sockets: ReadonlySet<net.Socket>;
  close(): Promise<void>;
}

export async function startRawHttp(onRequest: (req: RawHttpRequest, socket: net.Socket) => void): Promise<RawHttpServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    out.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let n = 0;
    let got = "";
    socket.on("data", (b) => {
      got += b.toString("latin1");
      for (;;) {
        const end = got.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = got.slice(0, end);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (got.length < end + 4 + length) return;
        const body = got.slice(end + 4, end + 4 + length);
        got = got.slice(end + 4 + length);
        const [method = "", path = ""] = head.split(" ");
        out.requests++;
        onRequest({ method, path, head, body, n: ++n }, socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const out: RawHttpServer = {
    origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    server,
    connections: 0,
    requests: 0,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return out;
}

/**
 * A raw server of its own per test (no socket kept idle by one test is met by the next), answering with
 * whatever `answer` is when a request comes: tests set it before their calls.
 */
export function rawHttpEachTest(): {
  answer: (req: RawHttpRequest, socket: net.Socket) => void;
  readonly srv: RawHttpServer;
  readonly origin: string;
} {
  let srv: RawHttpServer | undefined;
  const peer = {
    answer: (_req: RawHttpRequest, _socket: net.Socket): void => undefined,
    get srv() {
      return srv!;
    },
    get origin() {
      return srv!.origin;
    },
  };
  beforeEach(async () => {
    srv = await startRawHttp((req, socket) => peer.answer(req, socket));
  });
  afterEach(() => srv?.close());
  return peer;
}
