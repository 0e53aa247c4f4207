/**
 * Relevance set: realistic tasks and queries, each with the models a fal user would accept (a pattern
 * over endpoint ids, chosen from fal's catalog by hand). `kind` says which tool answers it.
 */
export interface RelevanceCase {
  kind: "search" | "recommend";
  query: string;
  category?: string;
  accept: RegExp;
}

export const RELEVANCE: RelevanceCase[] = [
  // search_models: names, families, typos
  { kind: "search", query: "flux dev", accept: /^fal-ai\/flux\/dev$/ },
  { kind: "search", query: "flux schnell", accept: /^fal-ai\/flux\/schnell$/ },
  { kind: "search", query: "flux pro ultra", accept: /^fal-ai\/flux-pro\/v1\.1-ultra/ },
  { kind: "search", query: "kling 2.1 image to video", accept: /^fal-ai\/kling-video\/v2\.1\/.*image-to-video$/ },
  { kind: "search", query: "veo 3", accept: /^fal-ai\/veo3/ },
  { kind: "search", query: "seedream", accept: /seedream/ },
  { kind: "search", query: "ideogram", accept: /ideogram/ },
  { kind: "search", query: "recraft", accept: /recraft/ },
  { kind: "search", query: "whisper transcription", accept: /wizper|whisper|speech-to-text|transcribe/ },
  { kind: "search", query: "elevenlabs", accept: /elevenlabs/ },
  { kind: "search", query: "upscale", accept: /upscal|esrgan|ccsr|aura-sr/ },
  { kind: "search", query: "background removal", accept: /background|rembg|birefnet/ },
  { kind: "search", query: "lipsync", accept: /lipsync|lip-sync/ },
  { kind: "search", query: "hunyuan 3d", accept: /hunyuan.?3d/ },
  { kind: "search", query: "sora", accept: /sora/ },
  { kind: "search", query: "minimax hailuo", accept: /hailuo/ },
  { kind: "search", query: "kling", category: "image-to-video", accept: /kling/ },
  { kind: "search", query: "fluxx dev", accept: /^fal-ai\/flux\/dev/ },
  { kind: "search", query: "stable difusion xl", accept: /sdxl|stable-diffusion/ },
  { kind: "search", query: "virtual try on", accept: /try-?on|vton/ },
  { kind: "search", query: "depth map", accept: /depth/ },
  { kind: "search", query: "music generation", accept: /music|diffrhythm|yue|stable-audio|ace-step/ },
  { kind: "search", query: "text to speech", accept: /tts|text-to-speech|speech/ },
  { kind: "search", query: "video from an image", accept: /image-to-video|i2v/ },
  { kind: "search", query: "sound effects", accept: /sound|sfx|foley|audio/ },
  // recommend_model: tasks in a user's words
  { kind: "recommend", query: "generate a photorealistic portrait", accept: /flux|imagen|seedream|recraft|ideogram|hidream|qwen-image|gpt-image|nano-banana|kling-image|bytedance|wan|hunyuan-image|reve|luma/ },
  { kind: "recommend", query: "create a 10s cinematic video", accept: /veo|kling|sora|hailuo|minimax|seedance|wan|pixverse|luma|ltx|hunyuan-video|runway/ },
  { kind: "recommend", query: "remove background from an image", accept: /background|rembg|birefnet/ },
  { kind: "recommend", query: "remove background from product photos", accept: /background|rembg|birefnet/ },
  { kind: "recommend", query: "turn this image into a 5-second video", accept: /image-to-video|i2v/ },
  { kind: "recommend", query: "upscale an image to 4k", accept: /upscal|esrgan|ccsr|aura-sr|seedvr/ },
  { kind: "recommend", query: "upscale a low resolution video", accept: /video.*upscal|upscal.*video|seedvr|flashvsr|topaz/ },
  { kind: "recommend", query: "transcribe an audio recording to text", accept: /wizper|whisper|speech-to-text|transcribe|scribe/ },
  { kind: "recommend", query: "read this paragraph aloud with a natural voice", accept: /tts|text-to-speech|speech|voice/ },
  { kind: "recommend", query: "compose background music for a video", accept: /music|diffrhythm|yue|stable-audio|ace-step|lyria/ },
  { kind: "recommend", query: "make a 3d model from a photo", accept: /3d|trellis|tripo|hyper3d|rodin|hunyuan3d|sam-3/ },
  { kind: "recommend", query: "fast cheap image generation", accept: /schnell|turbo|lightning|lcm|fast|flash|klein|z-image|sana/ },
  { kind: "recommend", query: "best quality text to image", accept: /pro|ultra|max|imagen|seedream|recraft|ideogram|gpt-image|nano-banana|hidream|qwen-image/ },
  { kind: "recommend", query: "edit a photo with a text instruction", accept: /edit|kontext|instruct|nano-banana|qwen-image|seededit|step1x/ },
  { kind: "recommend", query: "lip sync a video to a new audio track", accept: /lipsync|lip-sync|latentsync|sync/ },
  { kind: "recommend", query: "put this shirt on a model (virtual try-on)", accept: /try-?on|vton|fashn/ },
  { kind: "recommend", query: "add sound effects to a silent video", accept: /sfx|foley|sound|audio|thinksound|mmaudio/ },
  { kind: "recommend", query: "caption what is in an image", accept: /caption|florence|moondream|vision|vlm|llava|describe|router\/vision|isaac|sa2va/ },
  { kind: "recommend", query: "train a lora on my own photos", accept: /train/ },
  { kind: "recommend", query: "animate a portrait photo to talk with audio", accept: /avatar|talking|lipsync|sync|omnihuman|hallo|sadtalker|echomimic|fabric|infinitalk|multitalk|kling-video\/ai-avatar|audio-to-video/ },
  { kind: "recommend", query: "generate a logo with text in it", accept: /ideogram|recraft|flux|seedream|imagen|gpt-image|qwen-image|nano-banana|hidream|reve/ },
  { kind: "recommend", query: "text to video with sound", accept: /veo3|sora|kling|wan|ltx|seedance|hailuo|pixverse|text-to-video/ },
];
