/** The portable transform rule by rule on tiny schemas: `[rule, { given, side, want }]`. */
import { describe, expect, it } from "vitest";
import { inlineRefs } from "../../src/schema/model-tool-schemas.js";
import { portable, type Side } from "../../src/schema/portable.js";
import { profileSchema, repairForProfile } from "../../src/schema/profiles.js";

const cases: [string, { given: Record<string, unknown>; side?: Side; want: Record<string, unknown> }][] = [
  [
    "nullable union → the non-null type",
    { given: { anyOf: [{ type: "integer" }, { type: "null" }], description: "Seed" }, want: { type: "integer", description: "Seed" } },
  ],
  ["type array → the non-null type", { given: { type: ["string", "null"] }, want: { type: "string" } }],
  ["OpenAPI nullable dropped", { given: { type: "string", nullable: true }, want: { type: "string" } }],
  ["const → enum", { given: { const: "a" }, want: { type: "string", enum: ["a"] } }],
  ["anyOf of consts → one enum", { given: { anyOf: [{ const: "a" }, { const: "b" }] }, want: { type: "string", enum: ["a", "b"] } }],
  [
    "integer exclusiveMinimum → minimum + 1",
    { given: { type: "integer", exclusiveMinimum: 0 }, want: { type: "integer", description: "(≥ 1)", minimum: 1 } },
  ],
  [
    "number exclusiveMinimum → minimum and a note",
    { given: { type: "number", exclusiveMinimum: 0 }, want: { type: "number", description: "(> 0)", minimum: 0 } },
  ],
  [
    "±2^53 seed bounds dropped",
    { given: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 }, want: { type: "integer" } },
  ],
  [
    "unknown format dropped, known kept",
    {
      given: { type: "object", properties: { a: { type: "string", format: "uuid4" }, b: { type: "string", format: "uri" } } },
      want: { type: "object", properties: { a: { type: "string" }, b: { type: "string", format: "uri" } } },
    },
  ],
  [
    "propertyNames and additionalProperties: true dropped",
    { given: { type: "object", propertyNames: { pattern: "^a" }, additionalProperties: true }, want: { type: "object" } },
  ],
  [
    "nested anyOf flattened, branches typed",
    {
      given: { anyOf: [{ anyOf: [{ type: "string" }, { type: "null" }] }, { properties: { w: { type: "integer" } } }] },
      want: { anyOf: [{ type: "string" }, { type: "object", properties: { w: { type: "integer" } } }] },
    },
  ],
  [
    "a branch that accepts anything makes the union unconstrained",
    { given: { anyOf: [{ type: "string" }, {}], description: "Any" }, want: { description: "Any" } },
  ],
  [
    "defaults and limits in the description",
    {
      given: { type: "integer", default: 28, minimum: 1, maximum: 50, description: "Steps." },
      want: { type: "integer", description: "Steps. (default 28; 1–50)", default: 28, maximum: 50, minimum: 1 },
    },
  ],
  [
    "titles, examples and x- keys dropped",
    { given: { type: "string", title: "T", examples: ["x"], "x-fal-file-input": true }, want: { type: "string" } },
  ],
  [
    "output: objects open (additionalProperties false removed), no bounds or enums",
    {
      side: "output",
      given: {
        type: "object",
        additionalProperties: false,
        properties: { n: { type: "integer", minimum: 1 }, e: { type: "string", enum: ["a"] } },
        required: ["n"],
      },
      want: { type: "object", properties: { n: { type: "integer" }, e: { type: "string" } }, required: ["n"] },
    },
  ],
  [
    "output: a nullable value is unconstrained",
    {
      side: "output",
      given: {
        anyOf: [{ type: "object", properties: { url: { type: "string" } }, required: ["url"] }, { type: "null" }],
        description: "Image",
      },
      want: { description: "Image" },
    },
  ],
];

describe("portable()", () => {
  it.each(cases)("%s", (_rule, { given, side = "input", want }) => {
    expect(portable(given, side)).toEqual(want);
  });

  it("inlines $refs and single allOf wrappers", () => {
    const components = { Size: { type: "object", properties: { w: { type: "integer" } } } };
    expect(inlineRefs({ properties: { s: { allOf: [{ $ref: "#/components/schemas/Size" }], description: "d" } } }, components)).toEqual({
      properties: { s: { type: "object", properties: { w: { type: "integer" } }, description: "d" } },
    });
  });

  it("is idempotent (codegen output is a fixed point)", () => {
    for (const [, { given, side = "input" }] of cases) expect(portable(portable(given, side), side)).toEqual(portable(given, side));
  });
});

describe("profiles", () => {
  const schema = {
    type: "object",
    properties: {
      p: { type: "string" },
      n: { type: "integer", default: 1, description: "N (default 1)" },
      s: {
        anyOf: [
          { type: "object", properties: { w: { type: "integer" } } },
          { type: "string", enum: ["sq"] },
        ],
      },
    },
    required: ["p"],
  };
  it("openai-strict closes objects and makes optional fields nullable", () => {
    expect(profileSchema(schema, "openai-strict")).toEqual({
      type: "object",
      properties: {
        p: { type: "string" },
        n: { description: "N (default 1)", anyOf: [{ type: "integer" }, { type: "null" }] },
        s: {
          anyOf: [
            {
              type: "object",
              properties: { w: { anyOf: [{ type: "integer" }, { type: "null" }] } },
              required: ["w"],
              additionalProperties: false,
            },
            { type: "string", enum: ["sq"] },
            { type: "null" },
          ],
        },
      },
      required: ["p", "n", "s"],
      additionalProperties: false,
    });
  });
  it("gemini-openapi keeps the first anyOf branch and describes the others", () => {
    const g = profileSchema(schema, "gemini-openapi");
    expect(g.properties.s).toEqual({ type: "object", properties: { w: { type: "integer" } }, description: 'Also accepted: one of "sq".' });
    expect(g.properties.n).toEqual({ type: "integer", description: "N (default 1)" });
  });
  it("gemini-openapi asks for a free-form object as a JSON string, and the server reads it back", () => {
    const g = profileSchema(
      { type: "object", properties: { input: { type: "object", description: "Params." } }, required: ["input"] },
      "gemini-openapi",
    );
    expect(g.properties.input).toEqual({ type: "string", description: "Params. A JSON object, written as a string." });
    expect(repairForProfile("gemini-openapi", { input: '{"prompt":"a"}', note: "{not json" })).toEqual({
      input: { prompt: "a" },
      note: "{not json",
    });
    expect(repairForProfile("openai-strict", { a: null, b: { c: null, d: 1 } })).toEqual({ b: { d: 1 } });
  });
});

/** The properties of a generated tool schema (`toolSchemas.input`), as the tests read them. */
const propertiesOf = (schema: Record<string, unknown>) =>
  schema.properties as Record<string, { type?: string; format?: string; description?: string; default?: unknown }>;

describe("data quirks fixed in codegen/patch.ts (issue #17), each with a note", () => {
  it("fal-ai/flowedit: tar_guidance_scale (integer, default 5.5) is widened to number; 5.5 is accepted", async () => {
    const m = await import("../../generated/models/fal-ai__flowedit.js");
    expect(m.notes).toContain(
      "#/components/schemas/FloweditInput/properties/tar_guidance_scale: integer type widened to number to admit its own default 5.5",
    );
    expect(propertiesOf(m.toolSchemas.input).tar_guidance_scale).toMatchObject({ type: "number", default: 5.5, minimum: 0, maximum: 30 });
    expect(
      m.input.safeParse({ source_prompt: "a", target_prompt: "b", image_url: "https://x/y.png", tar_guidance_scale: 5.5 }).success,
    ).toBe(true);
    expect(m.input.safeParse({ source_prompt: "a", target_prompt: "b", image_url: "https://x/y.png" }).data?.tar_guidance_scale).toBe(5.5);
  });

  it('format "binary" becomes contentEncoding base64: same check (base64 text), no unknown format listed', async () => {
    const m = await import("../../generated/models/fal-ai__personaplex__realtime.js");
    expect(m.notes.some((n: string) => n.includes('format "binary" (a JSON string) replaced by contentEncoding "base64"'))).toBe(true);
    const audio = propertiesOf(m.toolSchemas.input).audio;
    expect(audio?.format).toBeUndefined();
    expect(audio?.description).toContain("base64");
    expect(m.input.shape.audio.safeParse("not base64!").success).toBe(false);
    expect(m.input.shape.audio.safeParse("AAAA").success).toBe(true);
  });
});
