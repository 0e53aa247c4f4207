/**
 * Categories as people name them. fal's page lists `image-editing` and `llm` next to its real catalog
 * categories; people also write "text to image", "tts", "upscaling", "3d". Each name maps to fal's real
 * categories (a filter on those) and, for names that are a capability rather than a category, to the
 * words that find it inside them. Unknown names get the closest real ones as suggestions.
 */

/** Edit distance between two short names (a few dozen candidates, so the plain algorithm is plenty). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export interface CategoryFilter {
  categories: string[];
  /** Extra query words for a capability-named category ("upscaling" inside image-to-image). */
  words?: string;
}

const ALIASES: Record<string, CategoryFilter> = {
  "image-editing": { categories: ["image-to-image"], words: "edit" },
  "image-edit": { categories: ["image-to-image"], words: "edit" },
  editing: { categories: ["image-to-image", "video-to-video"], words: "edit" },
  "video-editing": { categories: ["video-to-video"], words: "edit" },
  upscaling: { categories: ["image-to-image", "video-to-video"], words: "upscale" },
  upscale: { categories: ["image-to-image", "video-to-video"], words: "upscale" },
  "background-removal": { categories: ["image-to-image", "video-to-video"], words: "background removal" },
  llm: { categories: ["llm", "text-to-json", "vision", "video-to-text", "image-to-text"] },
  chat: { categories: ["llm"] },
  tts: { categories: ["text-to-speech", "text-to-audio"], words: "speech" },
  "speech-synthesis": { categories: ["text-to-speech", "text-to-audio"], words: "speech" },
  stt: { categories: ["speech-to-text", "audio-to-text"] },
  transcription: { categories: ["speech-to-text", "audio-to-text"] },
  "speech-recognition": { categories: ["speech-to-text", "audio-to-text"] },
  music: { categories: ["text-to-audio", "audio-to-audio"], words: "music" },
  audio: { categories: ["text-to-audio", "audio-to-audio", "text-to-speech", "speech-to-speech", "video-to-audio"] },
  "text-to-music": { categories: ["text-to-audio"], words: "music" },
  "3d": { categories: ["image-to-3d", "text-to-3d", "3d-to-3d"] },
  "image-generation": { categories: ["text-to-image"] },
  "video-generation": { categories: ["text-to-video", "image-to-video"] },
  "image-to-text": { categories: ["vision", "image-to-text", "image-to-json"] },
  captioning: { categories: ["vision", "image-to-text"], words: "caption" },
  lipsync: { categories: ["video-to-video", "audio-to-video"], words: "lipsync" },
  "lip-sync": { categories: ["video-to-video", "audio-to-video"], words: "lipsync" },
  avatar: { categories: ["audio-to-video", "image-to-video", "text-to-video"], words: "avatar" },
  "fine-tuning": { categories: ["training"] },
  lora: { categories: ["training"] },
  vlm: { categories: ["vision", "image-to-text", "video-to-text"] },
};

/** "Text to Image", "text_to_image" and "text-to-image" are the same name. */
export const normaliseCategory = (c: string) =>
  c
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");

export function resolveCategory(name: string, real: readonly string[]): CategoryFilter | { unknown: true; suggestions: string[] } {
  const n = normaliseCategory(name);
  if (real.includes(n)) return { categories: [n] };
  const alias = ALIASES[n];
  if (alias) return { ...alias, categories: alias.categories.filter((c) => real.includes(c)) };
  const names = [...real, ...Object.keys(ALIASES)];
  const suggestions = names
    .map((c) => ({ c, d: c.includes(n) || n.includes(c) ? 0 : distance(n, c) }))
    .filter((x) => x.d <= Math.max(3, Math.floor(x.c.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 4)
    .map((x) => x.c);
  return { unknown: true, suggestions };
}

/** Every category name `search_models` accepts (fal's own first, then the aliases). */
export function knownCategoryNames(real: readonly string[]): string[] {
  return [...real, ...Object.keys(ALIASES).filter((a) => !real.includes(a))];
}

/** The one name a typo most likely meant ("promt" → "prompt"), or nothing when none is close. */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: { n: string; d: number } | undefined;
  for (const n of names) {
    const d = distance(t, n.toLowerCase());
    if (d <= (n.length <= 4 ? 1 : 2) && d < n.length / 2 && (!best || d < best.d)) best = { n, d };
  }
  return best?.n;
}
