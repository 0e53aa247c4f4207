/** Shared answers (tools/memo.ts): made once per scope and key, frozen, bounded; failures never shared. */
import { describe, expect, it } from "vitest";
import { MEMO_MAX_BYTES, memoAnswer, sharedJson } from "../../src/tools/memo.js";
import { fail, ok } from "../../src/tools/context.js";

describe("memoAnswer", () => {
  it("makes an answer once per scope and key, and freezes it all the way down", async () => {
    const scope = {};
    let made = 0;
    const make = async () => {
      made++;
      return ok({ models: [{ id: "a" }] }, "one model");
    };
    const a = await memoAnswer(scope, "k", make);
    const b = await memoAnswer(scope, "k", make);
    expect(b).toBe(a);
    expect(made).toBe(1);
    // Another scope (a refreshed catalog) or key makes its own.
    expect(await memoAnswer({}, "k", make)).not.toBe(a);
    expect(await memoAnswer(scope, "k2", make)).not.toBe(a);
    expect(made).toBe(3);
    // No caller can change what the next one gets (ESM code is strict: a write throws).
    expect(() => {
      (a.structuredContent as { models: { id: string }[] }).models[0]!.id = "b";
    }).toThrow(TypeError);
    expect(() => {
      a.content.push({ type: "text", text: "more" });
    }).toThrow(TypeError);
  });

  it("shares one answer among concurrent first calls, and counts it once", async () => {
    const scope = {};
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return ok({}, "x".repeat(300 * 1024));
    };
    const all = await Promise.all(Array.from({ length: 20 }, () => memoAnswer(scope, "k", make)));
    expect(new Set(all).size).toBe(1);
    // Counted 20 times, 300 KB each would pass the 4 MB budget and push the answer out.
    const before = made;
    for (let i = 0; i < 3; i++) await memoAnswer(scope, "k", make);
    expect(made).toBe(before);
  });

  it("does not share failures", async () => {
    const scope = {};
    let made = 0;
    const make = async () => {
      made++;
      return fail("no");
    };
    await memoAnswer(scope, "k", make);
    const again = await memoAnswer(scope, "k", make);
    expect(made).toBe(2);
    expect(Object.isFrozen(again)).toBe(false);
  });

  it("keeps at most 500 answers per scope, dropping the oldest", async () => {
    const scope = {};
    const first = await memoAnswer(scope, "0", async () => ok({}, "0"));
    for (let i = 1; i <= 500; i++) await memoAnswer(scope, String(i), async () => ok({}, String(i)));
    expect(await memoAnswer(scope, "500", async () => ok({}, "new"))).toMatchObject({ content: [{ text: "500" }] });
    const remade = await memoAnswer(scope, "0", async () => ok({}, "0"));
    expect(remade).not.toBe(first);
  });

  it("keeps at most MEMO_MAX_BYTES of answers' JSON per scope, dropping the oldest", async () => {
    const scope = {};
    const big = "x".repeat(200 * 1024); // ~200 KB of JSON each: 20 fill 4 MB
    const first = await memoAnswer(scope, "0", async () => ok({}, big));
    for (let i = 1; i < 25; i++) await memoAnswer(scope, String(i), async () => ok({}, big));
    expect(await memoAnswer(scope, "0", async () => ok({}, big))).not.toBe(first);
    // The newest are still shared.
    const last = await memoAnswer(scope, "24", async () => ok({}, "remade"));
    expect(last.content[0]).toMatchObject({ text: big });
    // One answer over a quarter of the budget is never kept (but still frozen, with its JSON made once).
    const huge = await memoAnswer(scope, "huge", async () => ok({}, "y".repeat(MEMO_MAX_BYTES / 4 + 1)));
    expect(await memoAnswer(scope, "huge", async () => ok({}, "y"))).not.toBe(huge);
    expect(sharedJson(huge)!.length).toBeGreaterThan(MEMO_MAX_BYTES / 4);
  });
});

describe("sharedJson", () => {
  it("is the UTF-8 JSON of a frozen answer, made once; nothing for an answer that can still change", async () => {
    const shared = await memoAnswer({}, "k", async () => ok({ name: "é — ü" }, "text — with non-ASCII"));
    const bytes = sharedJson(shared)!;
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(shared));
    expect(sharedJson(shared)).toBe(bytes);
    expect(sharedJson(ok({}, "fresh"))).toBeUndefined();
  });
});
