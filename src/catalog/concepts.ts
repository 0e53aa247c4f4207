/**
 * The concept table: the words people use for a capability, mapped to the words fal's catalog uses for it
 * (fal's category names, tags and model names: "background removal", "upscaling", "speech-to-text",
 * "segmentation", "try-on", …). Each row is a capability, not a query; a query word that appears in a row
 * also searches for the row's fal words, at a lower weight than the words typed.
 *
 * And the modality a request implies: what it starts from ("from a video", "this photo", "transcribe")
 * and what it should produce ("into a video", "a song", "a 3d model"). Search uses both as strong signals
 * against each model's schema facets (see codegen/emit/signals.ts); neither is ever a filter.
 */
import { joinCompounds, stem } from "./search-text.js";

export type Modality = "image" | "video" | "audio" | "3d" | "text";

/** [words people use, fal's words for the capability]. Both sides are stemmed when the table loads. */
const TABLE: [string, string][] = [
  ["photo photograph picture pic selfie still snapshot headshot", "image"],
  ["clip footage movie film reel tiktok", "video"],
  ["animate animation move moving motion alive", "video image-to-video"],
  ["song soundtrack jingle instrumental melody beat beats lofi hiphop rap edm techno jazz orchestral", "music"],
  ["voice speech narration narrate narrator aloud speak spoken voiceover podcast read", "speech text-to-speech tts voice"],
  ["transcribe transcription transcript dictation subtitle subtitles stt recognition", "speech-to-text transcription whisper"],
  ["upscale upscaler enlarge resolution sharpen sharper super-resolution hd 4k crisp lowres pixelated", "upscale upscaling"],
  ["enhance improve quality fix restore repair old damaged blurry", "restore enhance upscaling"],
  ["remove removing erase eraser delete rid cut cutout", "remove erase removal"],
  ["background backdrop bg transparent cutout behind", "background"],
  ["object person people thing unwanted", "object"],
  ["mask matte segment segmentation outline silhouette", "segmentation mask sam"],
  ["depth distance z-depth", "depth"],
  ["pose poses skeleton keypoint keypoints posture", "pose openpose dwpose"],
  ["face faces selfie", "face portrait"],
  ["stem stems vocal vocals separate separation isolate instruments acapella", "separation stems demucs isolation"],
  ["noise denoise noisy clean", "denoise isolation"],
  ["sfx effect effects foley sound sounds", "sound effects sfx foley audio"],
  ["talk talking speaking avatar presenter spokesperson", "avatar talking lipsync"],
  ["lip lips mouth lipsync dub dubbing", "lipsync lip sync"],
  ["3d mesh glb obj model object sculpture", "3d"],
  ["clothes clothing shirt dress outfit garment wear wearing fashion", "try-on fashion clothing"],
  ["logo typography poster text lettering sign", "typography text"],
  ["vector svg scalable", "vector svg"],
  ["cartoon anime comic manga ghibli toon", "cartoon anime style"],
  ["style restyle look aesthetic", "style transfer restyle"],
  ["light lighting relight shadows", "relight lighting"],
  ["color colour colorize colourise black white", "colorize"],
  ["extend expand outpaint wider border borders uncrop", "outpainting expand extend reframe"],
  ["inpaint fill replace patch", "inpainting"],
  ["caption describe description understand question ask analyze analyse", "caption vision understanding"],
  ["ocr scan scanned document read", "ocr"],
  ["detect detection find locate bounding box", "detection"],
  ["nsfw safe moderation moderate explicit", "nsfw moderation"],
  ["chat llm language gpt assistant completion completions", "llm chat"],
  ["train training finetune fine-tune personalize custom", "training trainer lora"],
  ["fast fastest quick quickest realtime real-time instant speed speedy turbo", "fast turbo realtime lightning"],
  ["interpolate interpolation slow smooth fps frames", "interpolation frame"],
  ["sketch scribble drawing doodle canny edge", "sketch controlnet canny"],
  ["clone cloning mimic imitate", "clone voice"],
  ["edit editing change modify tweak adjust instruction", "edit editing"],
];

const concepts = new Map<string, string[]>();
/** A stemmed fal word back to the word itself, for reasons people read ("imag" → "image"). */
const falWord = new Map<string, string>();
export const conceptWord = (t: string) => falWord.get(t) ?? t;
for (const [people, fal] of TABLE) {
  const falTerms = fal
    .split(" ")
    .flatMap((w) => w.split("-"))
    .map((w) => {
      const t = stem(w);
      if (!falWord.has(t)) falWord.set(t, w);
      return t;
    });
  for (const w of people.split(" ")) {
    const k = stem(w);
    concepts.set(k, [...new Set([...(concepts.get(k) ?? []), ...falTerms])]);
  }
}

const capability = new Set<string>([...concepts.keys(), ...[...concepts.values()].flat()]);
/** Whether a (stemmed) term names a capability in the table, on either side. */
export const isCapabilityTerm = (t: string) => capability.has(t);

/** fal's words for the capabilities a query's (stemmed) terms name. */
export function conceptTerms(terms: readonly string[]): string[] {
  const typed = new Set(terms);
  const out = new Set<string>();
  for (const t of terms) for (const c of concepts.get(t) ?? []) if (!typed.has(c)) out.add(c);
  return [...out];
}

// ---- modality ----
const NOUNS: [Modality, RegExp][] = [
  ["video", /^(videos?|clips?|footage|movies?|films?|reels?|tiktoks?|animations?|gifs?|shorts?|trailers?|vlogs?)$/],
  ["3d", /^(3d|mesh(es)?|glb|objs?|sculptures?|3d-models?)$/],
  [
    "audio",
    /^(audio|sounds?|music|songs?|beats?|lofi|soundtracks?|voices?|speech|podcasts?|narrations?|recordings?|mp3|wav|tracks?|sfx|foley|vocals?|stems?|jingles?|tunes?|dialogues?)$/,
  ],
  [
    "image",
    /^(images?|photos?|photographs?|pictures?|pics?|portraits?|headshots?|selfies?|logos?|posters?|illustrations?|drawings?|paintings?|art|artworks?|renders?|wallpapers?|stickers?|icons?|thumbnails?|banners?|shots?|stills?|frames?|sketch(es)?|png|jpg|jpeg|svg|vectors?)$/,
  ],
  ["text", /^(text|transcripts?|captions?|subtitles?|descriptions?|answers?|summary|words|json|labels?|tags?)$/],
];

export function nounModality(word: string): Modality | undefined {
  return NOUNS.find(([, re]) => re.test(word))?.[0];
}

/** Verbs that fix the input and output by themselves. */
const VERBS: [RegExp, Modality | undefined, Modality | undefined][] = [
  [/^(transcrib\w*|transcription|dictat\w*)$/, "audio", "text"],
  [/^(narrat\w*|aloud|voiceover)$/, "text", "audio"],
  [/^(animat\w*)$/, "image", "video"],
  [/^(caption\w*|describ\w*|ocr)$/, undefined, "text"],
  [/^(lipsync\w*|dub\w*)$/, "video", "video"],
];

/** Verbs that keep the medium: what they act on is both input and output. */
const TRANSFORM =
  /^(edit\w*|upscal\w*|enhanc\w*|restor\w*|remov\w*|eras\w*|restyl\w*|relight\w*|coloriz\w*|colouris\w*|extend\w*|expand\w*|outpaint\w*|inpaint\w*|change|chang\w*|replac\w*|fix\w*|sharpen\w*|denois\w*|deblur\w*|interpolat\w*|stabili\w*|cut|crop\w*|swap\w*|retouch\w*|segment\w*|separat\w*|isolat\w*|mask\w*|vectori\w*|convert\w*|translat\w*|clean\w*|retextur\w*)$/;

export interface Modalities {
  in?: Modality;
  out?: Modality;
}

/** The input and output modality a request implies, when its words say so. */
export function inferModalities(text: string): Modalities {
  const words = joinCompounds(text)
    .replace(/\b3d model/g, "3d")
    .replace(/[^a-z0-9\s-]/g, " ")
    .split(/[\s]+/)
    .filter(Boolean);
  let inp: Modality | undefined;
  let out: Modality | undefined;
  let transform = false;
  const nouns: { m: Modality; i: number }[] = [];
  words.forEach((w, i) => {
    const parts = w.split("-");
    // "image-to-video", "text-to-speech": fal's own category words.
    if (parts.length === 3 && parts[1] === "to") {
      const a = nounModality(parts[0]!) ?? (parts[0] === "speech" ? "audio" : undefined);
      const b = nounModality(parts[2]!) ?? (parts[2] === "speech" ? "audio" : undefined);
      if (a) inp = a;
      if (b) out = b;
      return;
    }
    const m = nounModality(w);
    if (m) nouns.push({ m, i });
    for (const [re, vi, vo] of VERBS) {
      if (!re.test(w)) continue;
      inp ??= vi;
      out ??= vo;
    }
    if (TRANSFORM.test(w)) transform = true;
  });
  for (const { m, i } of nouns) {
    const before = words.slice(Math.max(0, i - 3), i);
    if (
      before.some(
        (b) => b === "from" || b === "this" || b === "my" || b === "these" || b === "existing" || b === "of" || b === "on" || b === "in",
      )
    )
      inp ??= m;
    if (words.slice(Math.max(0, i - 4), i).some((b) => b === "into" || b === "to" || b === "as")) {
      out ??= m;
      // "X … into Y": what came before the target is what the request starts from.
      const from = nouns.find((n) => n.i < i && n.m !== m);
      if (from && out === m) inp ??= from.m;
    }
  }
  const first = nouns[0]?.m;
  if (first && !out) {
    // With a transforming verb, the medium acted on is what comes out too; otherwise it is what is made.
    const candidates = nouns.filter((n) => n.m !== inp);
    out = transform ? (inp ?? first) : (candidates[0]?.m ?? (inp ? undefined : first));
    if (transform && !inp) inp = first;
  }
  if (out === "text" && !inp && nouns.length === 1) out = undefined; // "text" alone is usually the prompt
  // An edit that names no medium ("remove the background", "upscale 4x") is about an image: most of what
  // people edit, and most of fal's editing models. Only a default: any medium named above wins.
  if (transform && !inp && !out && nouns.length === 0) inp = out = "image";
  return { ...(inp ? { in: inp } : {}), ...(out ? { out } : {}) };
}
