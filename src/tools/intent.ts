/** Reading intent from free text: which fal category a task or query implies, and quality/speed hints. */
const RULES: [RegExp, string][] = [
  [/\blip.?sync|\bdub(bing)?\b/, "video-to-video"],
  [/\b(video|clip|footage)\b.*\b(upscal\w*|enhance|edit|restyle|extend|stabili[sz]e|interpolat\w*|slow.?motion|remove)\b|\b(upscal\w*|edit|restyle|extend)\b.*\b(video|clip|footage)\b/, "video-to-video"],
  [/\b(image|photo|picture|still|portrait)\b.*\b(to|into|from)\b.*\b(video|clip|animation|animate)\b|\banimate\b.*\b(image|photo|picture)|\b(video|clip)\b.*\bfrom\b.*\b(image|photo|picture)/, "image-to-video"],
  [/\b(text|prompt)\b.*\bvideo\b|\bvideo\b.*\b(from|of)\b.*\b(text|prompt|description)|\b(generate|create|make)\b.*\b(video|clip|movie)\b|\bcinematic\b.*\b\d+\s*s\b/, "text-to-video"],
  [/\b(transcri\w*|speech to text|stt|subtitles?|dictation)\b/, "speech-to-text"],
  [/\b(text to speech|tts|voice ?over|narrat\w*|read\b.*\baloud|speak|natural voice)\b/, "text-to-speech"],
  [/\b(upscal\w*|super.?resolution|enhance|restore|remove (the )?background|background remov\w*|inpaint\w*|outpaint\w*|edit|relight|colori[sz]e|try.?on)\b/, "image-to-image"],
  [/\b(music|song|soundtrack|sound effects?|sfx|audio)\b/, "text-to-audio"],
  [/\b(3d|mesh|glb)\b.*\b(image|photo|picture)\b|\b(image|photo|picture)\b.*\b(3d|mesh)\b/, "image-to-3d"],
  [/\b3d\b|\bmesh\b/, "text-to-3d"],
  [/\b(caption|describe|vision|ocr|detect|segment)\b.*\b(image|photo)\b|\bwhat is in\b/, "vision"],
  [/\b(train|fine.?tune|lora training)\b/, "training"],
  [/\b(image|picture|photo|portrait|logo|illustration|art|drawing|render|poster|wallpaper)\b/, "text-to-image"],
];

export function inferCategory(text: string): string | undefined {
  const t = ` ${text.toLowerCase()} `;
  return RULES.find(([re]) => re.test(t))?.[1];
}

export interface Hints {
  speed: boolean;
  cost: boolean;
  quality: boolean;
  resolution?: string;
  durationSeconds?: number;
}

export function readHints(text: string): Hints {
  const t = text.toLowerCase();
  const dur = /(\d+)\s*(?:-\s*)?(?:s|sec|secs|second|seconds)\b/.exec(t);
  const res = /\b(4k|2k|1080p|720p|480p)\b/.exec(t);
  return {
    speed: /\b(fast|quick|realtime|real-time|turbo|instant|low latency)\b/.test(t),
    cost: /\b(cheap|budget|low cost|inexpensive|affordable|free)\b/.test(t),
    quality: /\b(best|highest quality|high quality|professional|photorealistic|cinematic|premium|pro)\b/.test(t),
    ...(res ? { resolution: res[1]! } : {}),
    ...(dur ? { durationSeconds: Number(dur[1]) } : {}),
  };
}
