/**
 * A loopback stand-in for fal that misbehaves on purpose, written on raw TCP so that it can do what
 * node:http would not: answer a large request before reading its body, then drop the connection while
 * the client is still writing. Small requests get a well-formed queue answer over keep-alive, so the
 * server's sockets are reused between rounds. Every request line is recorded.
 */
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface HostileFal {
  url: string;
  /** Request lines seen (`METHOD /path`), in order. */
  seen: string[];
  /** Connections accepted (reuse shows as fewer connections than requests). */
  connections(): number;
  close(): Promise<void>;
}

/** fal's queue answer to a submit (IN_QUEUE, with its URLs) for request `id`, as JSON. */
export const queuedAnswer = (id: string) =>
  JSON.stringify({
    status: "IN_QUEUE",
    request_id: id,
    queue_position: 0,
    status_url: `http://127.0.0.1/x/${id}/status`,
    response_url: `http://127.0.0.1/x/${id}`,
    cancel_url: `http://127.0.0.1/x/${id}/cancel`,
  });

/** Bodies over `earlyOverBytes` get a 401 at once and the connection is destroyed mid-body. */
export async function startHostileFal(earlyOverBytes = 64 * 1024): Promise<HostileFal> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let turn = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.subarray(0, end).toString("latin1");
        seen.push(head.split(" ", 2).join(" "));
        const len = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (len > earlyOverBytes) {
          // The attack: refuse the key before reading the body, claim keep-alive, then drop the socket
          // while the body is still arriving (at once, or a moment later), as a proxy in front of fal may.
          const body = '{"detail":"Invalid key credentials"}';
          s.write(
            `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
          );
          s.off("data", onData);
          s.on("data", () => undefined);
          if (turn++ % 2) s.destroy();
          else setTimeout(() => s.destroy(), 20);
          return;
        }
        if (buf.length < end + 4 + len) return;
        buf = buf.subarray(end + 4 + len);
        const id = `req-${seen.length}`;
        const body = queuedAnswer(id);
        s.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
        );
      }
    };
    s.on("data", onData);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    connections: () => accepted,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
