/** Reading hints from free text: quality, speed, cost, resolution and duration (the modality is read by src/catalog/concepts.ts). */
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
