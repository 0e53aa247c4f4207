/** The input bounds on their own: each refusal names its bound; the schema's maxItems wins where set. */
import { expect, it } from "vitest";
import { checkInputBounds, countJsonValues, INPUT_BOUNDS } from "../../src/tools/bounds.js";
import { loadModel } from "../../src/catalog/models.js";

it("counts JSON values outside strings, stopping past the limit", () => {
  expect(countJsonValues(`{"a":[1,2,3],"b":"x,y,{[z"}`, 100)).toBe(5); // { [ , , ] , : the commas in the string do not count
  expect(countJsonValues('{"a":"q\\\\",["b"]}', 100)).toBe(3); // an escaped backslash ends the string
  expect(countJsonValues('{"a":"q\\"[,"}', 100)).toBe(1); // an escaped quote does not
  expect(countJsonValues(`[${"{},".repeat(1_000_000)}{}]`, 1000)).toBe(1001);
});

it("refuses each bound with a sentence naming it, before any validation", async () => {
  const lora = await loadModel("fal-ai/flux-lora");
  const refuse = (input: unknown, schema = lora?.input) => {
    try {
      checkInputBounds(input, schema, "fal-ai/flux-lora");
      return "accepted";
    } catch (e) {
      return (e as Error).message;
    }
  };
  const loras = (n: number) => Array.from({ length: n }, () => ({ path: "p", scale: 1 }));
  expect(refuse({ prompt: "x", loras: loras(5000) })).toBe("accepted");
  expect(refuse({ prompt: "x", loras: loras(5001) })).toMatch(/input\.loras has 5001 items; this server accepts at most 5000/);
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = [deep];
  expect(refuse({ prompt: "x", deep })).toMatch(/nested more than 32 levels deep/);
  expect(refuse({ prompt: "x", many: Array.from({ length: 20 }, () => Array(3000).fill(1)) })).toMatch(/more than 50000 values/);
  expect(refuse({ prompt: "x".repeat(INPUT_BOUNDS.maxChars) })).toMatch(/over 10485760 characters as JSON/);
  expect(refuse({ prompt: "x", wide: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1])) })).toMatch(
    /more than 50000 values/,
  );
  // A model without a local schema gets the same default bounds.
  expect(refuse({ loras: loras(5001) }, undefined)).toMatch(/at most 5000/);
});

it("uses the model's own maxItems where its schema sets one", async () => {
  const mod = await loadModel("fal-ai/pixverse/c1/reference-to-video");
  const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ ref_name: `r${i}`, image_url: "https://example.com/a.png" }));
  expect(() =>
    checkInputBounds({ prompt: "x", image_references: refs(7) }, mod!.input, "fal-ai/pixverse/c1/reference-to-video"),
  ).not.toThrow();
  expect(() => checkInputBounds({ prompt: "x", image_references: refs(8) }, mod!.input, "fal-ai/pixverse/c1/reference-to-video")).toThrow(
    /input\.image_references has 8 items; the model's schema allows at most 7/,
  );
});
