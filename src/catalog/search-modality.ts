/**
 * Modality signals for ranking: what a model takes and produces (its schema facets, with fal's category
 * as a fallback), and what a query implies (concepts.ts), with the fal category that suggests.
 */
import type { CatalogModel } from "../../generated/catalog.js";
import { inferModalities, type Modalities, type Modality } from "./concepts.js";

const CAT_WORD: Record<string, Modality> = {
  image: "image",
  video: "video",
  audio: "audio",
  speech: "audio",
  text: "text",
  "3d": "3d",
  json: "text",
};

const modalityCache = new WeakMap<CatalogModel, { ins: Set<Modality>; outs: Set<Modality> }>();

/** What a model takes and produces (computed once per model object: the catalog is immutable). */
export function modelModalities(m: CatalogModel): { ins: ReadonlySet<Modality>; outs: ReadonlySet<Modality> } {
  let got = modalityCache.get(m);
  if (!got) {
    got = readModalities(m);
    modalityCache.set(m, got);
  }
  return got;
}

function readModalities(m: CatalogModel): { ins: Set<Modality>; outs: Set<Modality> } {
  const ins = new Set<Modality>();
  const outs = new Set<Modality>();
  for (const f of m.facets ?? []) {
    const [side, what] = f.split(":") as [string, string];
    const mod = what === "images" || what === "mask" || what === "control" ? "image" : (what as Modality);
    if (side === "in" && ["image", "video", "audio", "3d", "text"].includes(mod)) ins.add(mod);
    if (side === "out" && ["image", "video", "audio", "3d", "text"].includes(mod)) outs.add(mod);
  }
  const cat = /^([a-z0-9]+)-to-([a-z0-9]+)$/.exec(m.category);
  if (cat) {
    const a = CAT_WORD[cat[1]!];
    const b = CAT_WORD[cat[2]!];
    if (a) ins.add(a);
    if (b && !outs.size) outs.add(b);
  } else if (m.category === "vision" || m.category === "llm") {
    ins.add(m.category === "vision" ? "image" : "text");
    if (!outs.size) outs.add("text");
  }
  return { ins, outs };
}

export interface Understood extends Modalities {
  /** fal category the modalities suggest (a soft boost). */
  category?: string;
}

/** What a query implies, for the answer's `understood`/`inferred_category`. */
export function understand(query: string): Understood {
  const mod = inferModalities(query);
  const category = mod.out
    ? `${mod.in && mod.in !== mod.out ? mod.in : mod.in ? mod.in : "text"}-to-${mod.out === "audio" && /speech|voice|narrat|aloud|read/.test(query.toLowerCase()) ? "speech" : mod.out}`
    : undefined;
  return {
    ...mod,
    ...(category
      ? { category: category.replace("text-to-text", "llm").replace("image-to-text", "vision").replace("audio-to-text", "speech-to-text") }
      : {}),
  };
}
