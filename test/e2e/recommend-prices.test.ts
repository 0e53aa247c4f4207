/**
 * recommend_model and get_pricing say the same price: live from fal when the caller's key is at hand,
 * the dated snapshot otherwise (the emulator prices every model, so the live path is exercised).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { callTool, httpClient, startStack, type Stack } from "./wire.js";

let stack: Stack;
let refused: Client;
beforeAll(async () => {
  stack = await startStack();
  // A key fal refuses (the emulator wants "id:secret"): recommend must still advise, on snapshot prices.
  refused = await httpClient(stack.http.url, "a-key-fal-refuses");
});
afterAll(async () => {
  await refused?.close();
  await stack?.close();
});

const http = () => stack.transports[0]!.client;
const task = "generate a photo of a red fox in the snow";

describe("recommend_model prices", () => {
  it("with a key: each pick's price is fal's live price, the one get_pricing gives", async () => {
    const rec = await callTool(http(), "recommend_model", { task, limit: 3 });
    const picks = rec.structured.recommendations as { endpoint_id: string; price: string }[];
    expect(picks.length).toBe(3);
    const pricing = await callTool(http(), "get_pricing", { endpoint_id: picks.map((p) => p.endpoint_id).join(",") });
    for (const pick of picks) {
      const row = (pricing.structured.prices as { endpoint_id: string; explanation: string; source?: string; as_of: string | null }[]).find(
        (r) => r.endpoint_id === pick.endpoint_id,
      );
      expect(row?.source, pick.endpoint_id).toBe("live");
      expect(pick.price).toBe(`${row?.explanation.split(" (https://")[0]} (live from fal, ${row?.as_of})`);
    }
  });

  it("with a key fal refuses: the advice still comes, on the dated snapshot prices", async () => {
    const rec = await callTool(refused, "recommend_model", { task, limit: 3 });
    expect(rec.structured.recommendations).toHaveLength(3);
    for (const pick of rec.structured.recommendations as { price: string }[]) {
      expect(pick.price).not.toMatch(/live from fal/);
      expect(pick.price).toMatch(/as of \d{4}-\d{2}-\d{2}|as of an unknown date|date unknown|no published price/);
    }
  });
});
