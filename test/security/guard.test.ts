/**
 * SSRF defences checked on the address check itself and with an injected resolver and fetch: no test
 * here opens a connection to anything.
 */
import { describe, expect, it } from "vitest";
import { createUrlGuard, isBlockedAddress, UrlRefused } from "../../src/net/guard.js";
import { BAD_SCHEMES, fakeResolver, INNER_ADDRESSES, INNER_URLS, PUBLIC_ADDRESSES } from "./attacks.js";

describe("address check", () => {
  it.each(INNER_ADDRESSES)("refuses %s", (a) => expect(isBlockedAddress(a)).toBe(true));
  it.each(PUBLIC_ADDRESSES)("allows %s", (a) => expect(isBlockedAddress(a)).toBe(false));
  it("refuses what is not an IP at all", () => expect(isBlockedAddress("example.com")).toBe(true));
});

describe("URL check with an injected resolver", () => {
  const noFetch = (() => {
    throw new Error("the guard must not fetch while checking");
  }) as unknown as typeof fetch;
  const guard = createUrlGuard({ resolver: fakeResolver, fetch: noFetch });
  it.each(INNER_URLS)("refuses %s (%s)", async (_n, url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(UrlRefused);
  });
  it.each(BAD_SCHEMES)("refuses %s", async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(UrlRefused);
  });
  it("accepts a public host", async () => {
    await expect(guard.check("https://public.example/a.png")).resolves.toBeInstanceOf(URL);
  });
  it("refuses an unresolvable host with a sentence", async () => {
    await expect(guard.check("https://nowhere.example/")).rejects.toThrow(/has no address|cannot resolve/);
  });
  it("exempts only the configured origin (the emulator's) and honours --allow-private-urls", async () => {
    const g = createUrlGuard({ resolver: fakeResolver, exemptOrigins: ["http://127.0.0.1:4010"] });
    await expect(g.check("http://127.0.0.1:4010/files/x")).resolves.toBeInstanceOf(URL);
    await expect(g.check("http://127.0.0.1:4011/files/x")).rejects.toBeInstanceOf(UrlRefused);
    await expect(createUrlGuard({ allowPrivate: true }).check("http://10.0.0.1/")).resolves.toBeInstanceOf(URL);
  });
});

describe("redirects, size and time (injected fetch: nothing leaves the process)", () => {
  const recorder = (responses: Record<string, () => Response>) => {
    const asked: string[] = [];
    const f = (async (u: Parameters<typeof fetch>[0]) => {
      const url = String(u);
      asked.push(url);
      const r = responses[url];
      if (!r) throw new Error(`unexpected fetch of ${url}`);
      return r();
    }) as typeof fetch;
    return { f, asked };
  };

  it("re-checks every redirect target before contacting it", async () => {
    const { f, asked } = recorder({
      "https://public.example/a.png": () =>
        new Response(null, { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } }),
    });
    const g = createUrlGuard({ resolver: fakeResolver, fetch: f });
    await expect(g.fetchBytes("https://public.example/a.png")).rejects.toThrow(/169\.254\.169\.254/);
    expect(asked).toEqual(["https://public.example/a.png"]);
  });

  it("caps the number of redirects", async () => {
    const loop = () => new Response(null, { status: 301, headers: { location: "https://public.example/a.png" } });
    const { f, asked } = recorder({ "https://public.example/a.png": loop });
    await expect(
      createUrlGuard({ resolver: fakeResolver, fetch: f, maxRedirects: 3 }).fetchBytes("https://public.example/a.png"),
    ).rejects.toThrow(/more than 3 redirects/);
    expect(asked).toHaveLength(4);
  });

  it("caps the size, by header and by bytes actually read", async () => {
    const big = () => new Response(new Uint8Array(2000), { headers: { "content-length": "2000" } });
    const lying = () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(1500));
            c.enqueue(new Uint8Array(1500));
            c.close();
          },
        }),
      );
    const g = (resp: () => Response) =>
      createUrlGuard({ resolver: fakeResolver, fetch: recorder({ "https://public.example/a.png": resp }).f, maxBytes: 1000 });
    await expect(g(big).fetchBytes("https://public.example/a.png")).rejects.toThrow(/over the 1000-byte limit/);
    await expect(g(lying).fetchBytes("https://public.example/a.png")).rejects.toThrow(/over the 1000-byte limit/);
    // A caller may lower the limit for one fetch (inline images), never raise it.
    const small = () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new Uint8Array(600));
            c.close();
          },
        }),
      );
    await expect(g(small).fetchBytes("https://public.example/a.png", undefined, 500)).rejects.toThrow(/over the 500-byte limit/);
    await expect(g(lying).fetchBytes("https://public.example/a.png", undefined, 5000)).rejects.toThrow(/over the 1000-byte limit/);
  });

  it("gives up after the time limit", async () => {
    const slow = (async (_u: Parameters<typeof fetch>[0], init?: RequestInit) =>
      new Promise<Response>((_r, reject) => init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason)))) as typeof fetch;
    const g = createUrlGuard({ resolver: fakeResolver, fetch: slow, timeoutMs: 50 });
    await expect(g.fetchBytes("https://public.example/a.png")).rejects.toThrow();
  });
});
