/**
 * The idle sockets a pool keeps (src/fal/idle-sockets.ts), with real loopback sockets: the last kept is
 * taken first; one past its idle time is closed, by the sweep or when met, and never handed out; a socket
 * not to be kept, or one over the count, is closed at once.
 */
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { IdleSockets } from "../../src/fal/idle-sockets.js";

let server: net.Server;
let port: number;
beforeAll(async () => {
  server = net.createServer((s) => s.on("error", () => undefined));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

const conn = (idleMs: number) => {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => undefined);
  return { socket, idleSince: 0, idleMs };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("hands out the socket kept last, closes those past their idle time, and keeps no more than its count", async () => {
  const idle = new IdleSockets<ReturnType<typeof conn>>(2, 20);
  const [a, b, c] = [conn(60_000), conn(60_000), conn(60_000)];
  idle.keep(a);
  idle.keep(b);
  idle.keep(c); // over the count of 2: closed
  expect(c.socket.destroyed).toBe(true);
  expect(idle.take()).toBe(b);
  const never = conn(0);
  idle.keep(never); // a peer that keeps sockets too briefly: not kept
  expect(never.socket.destroyed).toBe(true);
  const brief = conn(50);
  idle.keep(brief);
  expect(idle.size).toBe(2);
  await sleep(150); // the sweep closes it
  expect(brief.socket.destroyed).toBe(true);
  expect(idle.size).toBe(1);
  expect(idle.take()).toBe(a);
  expect(idle.take()).toBeUndefined();
  for (const x of [a, b]) x.socket.destroy();
});

it("closes a socket past its time when met, even before a sweep", async () => {
  const idle = new IdleSockets<ReturnType<typeof conn>>(4, 60_000);
  const old = conn(30);
  idle.keep(old);
  await sleep(60);
  expect(idle.take()).toBeUndefined();
  expect(old.socket.destroyed).toBe(true);
});

it("never hands out a kept socket already destroyed (closed by its peer, before its 'close' event drops it)", () => {
  const idle = new IdleSockets<ReturnType<typeof conn>>(4, 60_000);
  const [open, closed] = [conn(60_000), conn(60_000)];
  idle.keep(open);
  idle.keep(closed);
  closed.socket.destroy(); // 'close' (and so drop) comes a turn later
  expect(idle.take()).toBe(open);
  expect(idle.take()).toBeUndefined();
  open.socket.destroy();
});
