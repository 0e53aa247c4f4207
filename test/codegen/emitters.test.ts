/** Table-driven tests of the codegen stages: tiny inline schemas in, expected behaviour out. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodExpression } from "../../codegen/emit/zod.js";
import { patchModelSpec } from "../../codegen/patch.js";
import { compactFields, shortDescription, typeOf } from "../../src/schema/compact.js";
import { normalizeModel, SpecError } from "../../codegen/normalize.js";
import { endpointSlug, schemaStem, nameFromId } from "../../src/catalog/naming.js";
import { wrapModel } from "../../codegen/wrap.js";

/** Evaluate an emitted Zod expression, as the generated module would. */
const evalZod = (expr: string, defs: Record<string, z.ZodType> = {}): z.ZodType =>
  new Function("z", ...Object.keys(defs), `return ${expr};`)(z, ...Object.values(defs));

describe("zod emitter", () => {
  const cases: [string, { given: Record<string, unknown>; valid: unknown[]; invalid: unknown[] }][] = [
    ["integer range", { given: { type: "integer", minimum: 1, maximum: 50 }, valid: [1, 50], invalid: [0, 51, 1.5, "3"] }],
    ["exclusiveMinimum number form", { given: { type: "number", exclusiveMinimum: 0 }, valid: [0.1], invalid: [0, -1] }],
    ["string enum", { given: { type: "string", enum: ["5", "10"] }, valid: ["5"], invalid: ["7", 5] }],
    ["nullable anyOf", { given: { anyOf: [{ type: "integer" }, { type: "null" }] }, valid: [3, null], invalid: ["x"] }],
    [
      "required and optional",
      {
        given: { type: "object", required: ["prompt"], properties: { prompt: { type: "string" }, seed: { type: "integer" } } },
        valid: [{ prompt: "a" }, { prompt: "a", seed: 2 }],
        invalid: [{}, { prompt: 1 }],
      },
    ],
    [
      "default fills in",
      { given: { type: "object", properties: { n: { type: "integer", default: 1 } } }, valid: [{}], invalid: [{ n: "x" }] },
    ],
    [
      "array bounds",
      { given: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 2 }, valid: [["a"]], invalid: [[], ["a", "b", "c"]] },
    ],
    ["maxLength", { given: { type: "string", maxLength: 3 }, valid: ["abc"], invalid: ["abcd"] }],
    [
      "record (additionalProperties)",
      { given: { type: "object", additionalProperties: { type: "number" } }, valid: [{ a: 1 }], invalid: [{ a: "x" }] },
    ],
  ];
  it.each(cases)("%s", (_name, { given, valid, invalid }) => {
    const schema = evalZod(zodExpression(given, new Map(), [], "t"));
    for (const v of valid) expect(schema.safeParse(v).success, JSON.stringify(v)).toBe(true);
    for (const v of invalid) expect(schema.safeParse(v).success, JSON.stringify(v)).toBe(false);
  });

  it("renders $ref as the named const, keeping the sibling description and default", () => {
    const expr = zodExpression(
      { $ref: "#/components/schemas/ImageSize", description: "size", default: { width: 1, height: 1 } },
      new Map([["ImageSize", "ImageSizeSchema"]]),
      [],
      "t",
    );
    expect(expr).toBe('ImageSizeSchema.describe("size").default({"width":1,"height":1})');
  });

  it("notes a $ref it cannot resolve and accepts any value there (closest safe schema)", () => {
    const notes: string[] = [];
    expect(zodExpression({ $ref: "#/components/schemas/Nope" }, new Map(), notes, "where")).toBe("z.unknown()");
    expect(notes[0]).toMatch(/unresolvable \$ref/);
  });

  it("emits oneOf as a union and says so", () => {
    const notes: string[] = [];
    const s = evalZod(zodExpression({ oneOf: [{ type: "string" }, { type: "integer" }] }, new Map(), notes, "w"));
    expect(s.safeParse("a").success && s.safeParse(1).success).toBe(true);
    expect(notes).toHaveLength(1);
  });
});

describe("patch stage", () => {
  const spec = (schemas: Record<string, unknown>) => ({ components: { schemas } });
  const cases: [string, { given: { components: { schemas: Record<string, unknown> } }; path: string[]; want: unknown; note: RegExp }][] = [
    [
      "dangling $ref → unconstrained",
      {
        given: spec({ In: { type: "object", properties: { t: { $ref: "#/components/schemas/TrackPoint" } } } }),
        path: ["In", "properties", "t"],
        want: { description: "Undocumented (TrackPoint)" },
        note: /undefined schema "TrackPoint"/,
      },
    ],
    [
      "numeric default on a string → string",
      { given: spec({ In: { type: "string", default: 129 } }), path: ["In"], want: { type: "string", default: "129" }, note: /converted/ },
    ],
    [
      "string default on an integer → dropped",
      { given: spec({ In: { type: "integer", default: "x" } }), path: ["In"], want: { type: "integer" }, note: /dropped/ },
    ],
    [
      "default outside the enum → dropped",
      {
        given: spec({ In: { type: "string", enum: ["a"], default: "b" } }),
        path: ["In"],
        want: { type: "string", enum: ["a"] },
        note: /not one of its enum/,
      },
    ],
    [
      "string default on a $ref'd object → dropped",
      {
        given: spec({
          F: { type: "object", properties: { url: { type: "string" } } },
          In: { $ref: "#/components/schemas/F", default: "https://x" },
        }),
        path: ["In"],
        want: { $ref: "#/components/schemas/F" },
        note: /type object and was dropped/,
      },
    ],
  ];
  it.each(cases)("%s", (_n, { given, path, want, note }) => {
    const { spec: out, notes } = patchModelSpec(given);
    expect(path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], out.components.schemas)).toEqual(want);
    expect(notes.join("\n")).toMatch(note);
  });
  it("leaves a clean spec alone and does not mutate its input", () => {
    const given = spec({ In: { type: "string", default: "a" } });
    const copy = structuredClone(given);
    expect(patchModelSpec(given).notes).toEqual([]);
    expect(given).toEqual(copy);
  });
});

describe("names", () => {
  it.each([
    ["fal-ai/flux/dev", "fal-ai__flux__dev", "FluxDev", "Flux Dev"],
    [
      "fal-ai/bytedance/seedream/v4/text-to-image",
      "fal-ai__bytedance__seedream__v4__text-to-image",
      "BytedanceSeedreamV4TextToImage",
      "Bytedance Seedream V4 Text To Image",
    ],
    ["alibaba/happy-horse/image-to-video", "alibaba__happy-horse__image-to-video", "HappyHorseImageToVideo", "Happy Horse Image To Video"],
    ["mirelo-ai/sfx-v1.5/video-to-audio", "mirelo-ai__sfx-v1.5__video-to-audio", "SfxV15VideoToAudio", "Sfx V1.5 Video To Audio"],
  ])("%s", (id, slug, stem, name) => {
    expect(endpointSlug(id)).toBe(slug);
    expect(schemaStem(id)).toBe(stem);
    expect(nameFromId(id)).toBe(name);
  });
});

describe("normalize", () => {
  it("finds input/output through the queue paths and orders dependencies first", () => {
    const spec = wrapModel(
      "x-ai/demo/run",
      "text-to-image",
      {
        type: "object",
        properties: { s: { $ref: "#/$defs/Size" } },
        $defs: { Size: { type: "object", properties: { w: { $ref: "#/$defs/Px" } } }, Px: { type: "integer" } },
      },
      { type: "object", properties: { ok: { type: "boolean" } } },
    );
    const ir = normalizeModel(spec, []);
    expect(ir.inputName).toBe("DemoRunInput");
    expect(ir.defs.map((d) => d.name)).toEqual(["Px", "Size", "DemoRunInput", "DemoRunOutput"]);
  });
  it.each([
    ["no endpoint id", { info: {} }, /endpointId is missing/],
    ["no request body ref", { info: { "x-fal-metadata": { endpointId: "a/b" } }, paths: {} }, /has no \$ref request body/],
  ])("rejects a spec with %s, with the reason", (_n, spec, why) => {
    expect(() => normalizeModel(spec, [])).toThrow(SpecError);
    expect(() => normalizeModel(spec, [])).toThrow(why);
  });
  it("rejects recursive schemas with the reason instead of looping", () => {
    const spec = wrapModel(
      "a/b",
      "x",
      {
        type: "object",
        properties: { n: { $ref: "#/$defs/Node" } },
        $defs: { Node: { type: "object", properties: { next: { $ref: "#/$defs/Node" } } } },
      },
      { type: "object" },
    );
    expect(() => normalizeModel(spec, [])).toThrow(/recursive schema Node/);
  });
});

describe("compact schema", () => {
  const components = { Size: { type: "object", properties: { width: { type: "integer" }, height: { type: "integer" } } } };
  it("keeps what an LLM needs: required, type, enum, default, limits, one-line description", () => {
    const fields = compactFields(
      {
        type: "object",
        required: ["prompt"],
        "x-fal-order-properties": ["prompt", "steps", "size"],
        properties: {
          steps: { type: "integer", minimum: 1, maximum: 50, default: 28, description: "Steps.\n  More text that is dropped." },
          prompt: { type: "string", maxLength: 2500 },
          size: { anyOf: [{ $ref: "#/components/schemas/Size" }, { type: "string", enum: ["square", "portrait"] }], default: "square" },
        },
      },
      components,
    );
    expect(fields).toEqual([
      { name: "prompt", type: "string", required: true, max: 2500 },
      { name: "steps", type: "integer", default: 28, min: 1, max: 50, description: "Steps." },
      {
        name: "size",
        type: "object | enum",
        default: "square",
        enum: ["square", "portrait"],
        fields: [
          { name: "width", type: "integer" },
          { name: "height", type: "integer" },
        ],
      },
    ]);
  });
  it.each([
    [{ type: "array", items: { type: "string" } }, "array<string>"],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }, "string (nullable)"],
    [{ type: "string", "x-fal-file-input": true }, "string (url)"],
    [{ allOf: [{ $ref: "#/components/schemas/Size" }] }, "object"],
  ])("typeOf %j = %s", (s, want) => expect(typeOf(s, components)).toBe(want));
  it("cuts long descriptions", () => expect(shortDescription("x".repeat(400))!.length).toBe(160));
  it("cuts long enums, saying how many there are", () => {
    const [f] = compactFields(
      { type: "object", properties: { voice: { type: "string", enum: Array.from({ length: 300 }, (_, i) => `v${i}`) } } },
      {},
    );
    expect(f!.enum).toHaveLength(24);
    expect(f!.enum_total).toBe(300);
  });
});
