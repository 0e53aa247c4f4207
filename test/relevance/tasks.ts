/**
 * The discovery task set: how people ask for a model, in many phrasings (questions, -ing forms and plurals,
 * brand + version names, synonyms, modality words), written from fal's categories, docs index and the model
 * descriptions in openapi/catalog.json. Each task names the models a fal user would accept (a pattern over
 * endpoint ids). Every task is scored through both `recommend_model` (as the task) and `search_models` (as
 * the query). The set was written in full, and split (see split.ts), before any ranking was tuned.
 */
export interface Task {
  query: string;
  accept: RegExp;
}

// Families a user accepts for a generic "make an image / a video" task.
const T2I =
  /flux|imagen|seedream|recraft|ideogram|hidream|qwen-image|gpt-image|nano-banana|kling-image|bytedance|wan|hunyuan-image|reve|luma-photon|sdxl|stable-diffusion|z-image|sana|playground|aura-flow|dreamo|bagel|omnigen|lumina|kolors|cogview|f-lite|minimax\/image|ernie|grok-imagine-image|emu|fibo|longcat-image|krea|chroma|phota|juggernaut|realistic|lightning|fooocus|pixart|kandinsky|janus|vivago|hunyuan/;
const T2V =
  /veo|kling-video|sora|hailuo|minimax|seedance|wan|pixverse|luma|ltx|hunyuan-video|runway|vidu|pika|happy-horse|magi|mochi|cogvideo|grok-imagine-video|moonvalley|krea|lucy|skyreels|framepack|longcat-video|bytedance/;
const I2V =
  /image-to-video|i2v|img2vid|reference-to-video|first-last-frame|framepack|kling-video\/.*image|veo3\.1\/(fast\/)?image|\/animate|live-portrait|wan-i2v/;
const BG = /background.?remov|remove.?background|rembg|birefnet|bria\/background\/remove|background-removal/;
const UPSCALE_IMG = /upscal|esrgan|ccsr|aura-sr|swin2sr|clarity|seedvr\/upscale\/image|supir|drct|crystal/;
const UPSCALE_VID = /video.*upscal|upscal.*video|seedvr\/upscale\/video|flashvsr|topaz\/upscale\/video|video-upscaler|crystal-video/;
const STT = /wizper|whisper|speech-to-text|transcri|scribe/;
const TTS =
  /tts|text-to-speech|speech-\d|speech-2|voice|kokoro|dia|orpheus|chatterbox|zonos|maya|vibevoice|f5|csm|eleven|playai|index-tts|inworld/;
const MUSIC = /music|diffrhythm|yue|stable-audio|ace-step|lyria|cassetteai\/music/;
const SFX = /sfx|foley|sound|thinksound|mmaudio|video-to-audio|stable-audio/;
const IMG3D = /3d|trellis|tripo|hyper3d|rodin|hunyuan3d|triposr|pshuman|omnipart|reconviagen/;
const EDIT = /edit|kontext|instruct|nano-banana|qwen-image|seededit|step1x|omnigen|bagel|fibo-edit|gpt-image|seedream.*edit|flux-2|reve/;
const LIPSYNC = /lipsync|lip-sync|latentsync|sync|musetalk/;
const AVATAR =
  /avatar|talking|lipsync|omnihuman|hallo|sadtalker|echomimic|fabric|infinitalk|multitalk|audio-to-video|flashtalk|live-portrait|hunyuan-portrait|stable-avatar|speech-to-video/;
const TRYON = /try-?on|vton|fashn|leffa/;
const CAPTION =
  /caption|florence|moondream|vision|vlm|llava|describe|isaac|sa2va|understand|nemotron|arbiter|video-understanding|got-ocr|ocr/;
const SEGMENT = /sam|segment|evf-sam|birefnet|mask|rembg/;
const DEPTH = /depth|marigold/;
const POSE = /pose|dwpose/;
const LLM = /openrouter|llm|nemotron|qwen-3-guard|seed\/v2|prompt-generator|any-llm/;
const TRAIN = /train|custom-models|create-style|create-profile/;
const INPAINT = /inpaint|object-removal|eraser|erase|remove-element|fill/;
const OUTPAINT = /outpaint|expand|reframe|extend/;
const V2V = /video-to-video|v2v|edit|restyle|vace|lucy|style|extend|sfx|runway|kling-video\/o\d|wan-vace/;
const VECTOR = /vector|svg|recraft|star-vector|vecglypher/;
const FACESWAP = /face-?swap|swap|face/;

export const TASKS: Task[] = [
  // fal's own page examples and the reports
  { query: "Generate a photorealistic image of a mountain lake at golden hour", accept: T2I },
  { query: "Take this image and turn it into a 5-second cinematic video", accept: I2V },
  { query: "How much does it cost to generate a video with Kling 3.0?", accept: /^fal-ai\/kling-video\/v3\// },
  { query: "What's the best model for removing backgrounds from product photos?", accept: BG },
  { query: "kling 3.0", accept: /^fal-ai\/kling-video\/v3\// },
  { query: "kling 3", accept: /^fal-ai\/kling-video\/v3\// },
  { query: "kling v3 image to video", accept: /^fal-ai\/kling-video\/v3\/.*image-to-video$/ },
  // names, families, versions
  { query: "flux dev", accept: /^fal-ai\/flux\/dev$/ },
  { query: "flux schnell", accept: /^fal-ai\/flux\/schnell$/ },
  { query: "flux pro ultra", accept: /^fal-ai\/flux-pro\/v1\.1-ultra/ },
  { query: "Flux 2", accept: /^fal-ai\/flux-2/ },
  { query: "flux 2 edit", accept: /^fal-ai\/flux-2.*edit/ },
  { query: "flux kontext", accept: /kontext/ },
  { query: "Veo 3.1", accept: /^fal-ai\/veo3\.1/ },
  { query: "veo 3", accept: /^fal-ai\/veo3/ },
  { query: "google veo3.1 image to video", accept: /^fal-ai\/veo3\.1\/.*image-to-video/ },
  { query: "Wan 2.6", accept: /wan.*(v2\.6|2\.6|26)/ },
  { query: "wan 2.2 text to video", accept: /wan.*(2\.2|22)/ },
  { query: "kling 2.1 image to video", accept: /^fal-ai\/kling-video\/v2\.1\/.*image-to-video$/ },
  { query: "kling 2.5 turbo", accept: /^fal-ai\/kling-video\/v2\.5-turbo/ },
  { query: "seedream 4", accept: /seedream\/v4/ },
  { query: "seedance", accept: /seedance/ },
  { query: "ideogram v3", accept: /ideogram\/v3/ },
  { query: "recraft v3", accept: /recraft\/v3/ },
  { query: "recraft", accept: /recraft/ },
  { query: "ideogram", accept: /ideogram/ },
  { query: "elevenlabs", accept: /elevenlabs/ },
  { query: "hunyuan 3d", accept: /hunyuan.?3d/ },
  { query: "sora 2", accept: /sora-2/ },
  { query: "minimax hailuo", accept: /hailuo/ },
  { query: "nano banana", accept: /nano-banana/ },
  { query: "nano banana pro edit", accept: /nano-banana-pro\/edit/ },
  { query: "qwen image edit", accept: /qwen-image-edit/ },
  { query: "ltx video 2", accept: /ltx-?2/ },
  { query: "pixverse v5", accept: /pixverse\/v5/ },
  { query: "luma ray 2", accept: /ray-2/ },
  { query: "stable audio", accept: /stable-audio/ },
  { query: "imagen 4", accept: /imagen4/ },
  { query: "gpt image", accept: /gpt-image/ },
  { query: "z-image turbo", accept: /z-image\/turbo/ },
  { query: "whisper", accept: /whisper|wizper|speech-to-text/ },
  { query: "trellis", accept: /trellis/ },
  { query: "sam 2 segmentation", accept: /sam2/ },
  { query: "segment anything 3", accept: /sam-3/ },
  { query: "omnihuman", accept: /omnihuman/ },
  { query: "topaz upscale video", accept: /topaz\/upscale\/video/ },
  // typos
  { query: "fluxx dev", accept: /^fal-ai\/flux\/dev/ },
  { query: "stable difusion xl", accept: /sdxl|stable-diffusion/ },
  { query: "upscalr", accept: UPSCALE_IMG },
  { query: "backgound removal", accept: BG },
  // capabilities as words
  { query: "upscale", accept: UPSCALE_IMG },
  { query: "background removal", accept: BG },
  { query: "remove the background", accept: BG },
  { query: "background remover", accept: BG },
  { query: "lipsync", accept: LIPSYNC },
  { query: "lip syncing", accept: LIPSYNC },
  { query: "virtual try on", accept: TRYON },
  { query: "depth map", accept: DEPTH },
  { query: "depth estimation from a photo", accept: DEPTH },
  { query: "estimate depth", accept: DEPTH },
  { query: "pose estimation", accept: POSE },
  { query: "detect human poses in an image", accept: POSE },
  { query: "music generation", accept: MUSIC },
  { query: "text to speech", accept: TTS },
  { query: "video from an image", accept: I2V },
  { query: "sound effects", accept: SFX },
  { query: "segmentation masks", accept: SEGMENT },
  { query: "create a mask of the person in my photo", accept: SEGMENT },
  { query: "separate vocals from a song", accept: /demucs|separat|isolation|stem/ },
  { query: "split a track into stems", accept: /demucs|separat|stem/ },
  { query: "isolate the voice from background noise", accept: /isolation|separat|denois|deepfilter|demucs/ },
  { query: "face swap", accept: FACESWAP },
  { query: "swap faces in a photo", accept: FACESWAP },
  { query: "restore an old damaged photo", accept: /restor|codeformer|gfpgan|fibo-edit\/restore|colori|enhance/ },
  { query: "colorize a black and white photo", accept: /colori/ },
  { query: "deblurring photos", accept: /deblur|nafnet|restor|sharpen|upscal/ },
  { query: "inpainting", accept: INPAINT },
  { query: "erase an object from a picture", accept: INPAINT },
  { query: "removing unwanted people from photos", accept: INPAINT },
  { query: "outpaint an image to a wider aspect ratio", accept: OUTPAINT },
  { query: "extend the borders of an image", accept: OUTPAINT },
  { query: "relight a portrait", accept: /relight|iclight|lighting/ },
  { query: "relighting", accept: /relight|iclight|lighting/ },
  { query: "vectorize a logo into svg", accept: VECTOR },
  { query: "svg vector illustration from text", accept: VECTOR },
  { query: "ocr: read the text in a scanned document", accept: /ocr|florence|moondream|got-ocr|vision|docres|nemotron|isaac/ },
  { query: "object detection", accept: /detect|florence|moondream|yolo|grounding|sam/ },
  { query: "nsfw detection", accept: /nsfw|guard|moderat/ },
  { query: "frame interpolation", accept: /interpol|rife|film|amt/ },
  { query: "make a video slow motion by interpolating frames", accept: /interpol|rife|film|amt/ },
  { query: "style transfer", accept: /style/ },
  { query: "turn my photo into anime", accept: /anime|ghibli|cartoon|style|toon|lora|kontext|edit|illustration/ },
  { query: "cartoonify a selfie", accept: /cartoon|toon|anime|ghibli|style|sticker/ },
  { query: "make a sticker from a face", accept: /sticker/ },
  { query: "ai avatar talking head", accept: AVATAR },
  { query: "voice cloning", accept: /clone|voice-changer|zonos|f5|dia|minimax\/voice/ },
  { query: "clone my voice from a sample", accept: /clone|zonos|f5|dia|minimax\/voice|index-tts|chatterbox/ },
  { query: "change the voice in a recording", accept: /voice-changer|speech-to-speech|clone|chatterbox/ },
  { query: "dub a video into spanish", accept: /dub|lipsync|translate/ },
  { query: "image captioning", accept: CAPTION },
  { query: "describe what is in this video", accept: /video-understanding|video|sa2va|nemotron|openrouter\/router\/video/ },
  { query: "ask questions about an image", accept: CAPTION },
  { query: "llm", accept: LLM },
  { query: "chat completion with a language model", accept: LLM },
  { query: "train a lora", accept: TRAIN },
  { query: "fine tune flux on my face", accept: TRAIN },
  { query: "lora", accept: /lora|train/ },
  { query: "controlnet canny", accept: /canny|controlnet|control/ },
  { query: "generate an image that follows a pose", accept: /pose|controlnet|control|openpose/ },
  { query: "image from a sketch", accept: /sketch|scribble|controlnet|canny|control/ },
  { query: "3d model from text", accept: /text-to-3d/ },
  { query: "image to 3d", accept: IMG3D },
  { query: "turning product photos into 3d models", accept: IMG3D },
  { query: "3d mesh from several views of an object", accept: /multi-?view|multi|3d|trellis|tripo|rodin/ },
  { query: "retexture a 3d model", accept: /retexture|texture|3d/ },
  { query: "text to video with sound", accept: /veo3|sora|kling|wan|ltx|seedance|hailuo|pixverse|happy-horse|text-to-video/ },
  { query: "add sound to a silent video", accept: SFX },
  { query: "foley for my clip", accept: SFX },
  {
    query: "generate background music for a video",
    accept: /music|video-to-audio|sfx|sound|mmaudio|thinksound|stable-audio|lyria|ace-step|diffrhythm|yue/,
  },
  { query: "song with lyrics and vocals", accept: /music|diffrhythm|yue|ace-step|lyria|minimax-music/ },
  { query: "podcast voice from a script", accept: TTS },
  { query: "read my article aloud", accept: TTS },
  { query: "narration for an explainer video", accept: TTS },
  { query: "dialogue between two speakers audio", accept: /dialogue|dia|tts|speech|vibevoice|maya|eleven/ },
  { query: "transcribe a podcast episode", accept: STT },
  { query: "subtitles for a video", accept: /subtitle|caption|speech-to-text|wizper|whisper|transcri|scribe/ },
  { query: "speech recognition", accept: STT },
  { query: "realtime image generation", accept: /realtime|lcm|lightning|turbo|schnell|fast|flash|klein|sana/ },
  // tasks in a user's words
  { query: "generate a photorealistic portrait", accept: T2I },
  { query: "create a 10s cinematic video", accept: T2V },
  { query: "remove background from an image", accept: BG },
  { query: "remove background from product photos", accept: BG },
  { query: "cut out the subject and make the background transparent", accept: BG },
  { query: "turn this image into a 5-second video", accept: I2V },
  { query: "animate a still photo", accept: I2V },
  { query: "animating old family photos", accept: I2V },
  { query: "make my picture move", accept: I2V },
  { query: "upscale an image to 4k", accept: UPSCALE_IMG },
  { query: "increase the resolution of my photos", accept: UPSCALE_IMG },
  { query: "enhance a blurry low-res picture", accept: /upscal|enhance|restor|deblur|esrgan|ccsr|aura-sr|clarity|seedvr|swin2sr/ },
  { query: "upscale a low resolution video", accept: UPSCALE_VID },
  { query: "make my old footage sharper and higher resolution", accept: UPSCALE_VID },
  { query: "transcribe an audio recording to text", accept: STT },
  { query: "convert speech in an mp3 to text", accept: STT },
  { query: "read this paragraph aloud with a natural voice", accept: TTS },
  {
    query: "compose background music for a video",
    accept: /music|diffrhythm|yue|stable-audio|ace-step|lyria|video-to-audio|sfx|sound|mmaudio|thinksound/,
  },
  { query: "make a 3d model from a photo", accept: IMG3D },
  { query: "fast cheap image generation", accept: /schnell|turbo|lightning|lcm|fast|flash|klein|z-image|sana/ },
  {
    query: "best quality text to image",
    accept: /pro|ultra|max|imagen|seedream|recraft|ideogram|gpt-image|nano-banana|hidream|qwen-image|flux-2/,
  },
  { query: "edit a photo with a text instruction", accept: EDIT },
  { query: "change the color of the car in my photo", accept: EDIT },
  { query: "editing images with prompts", accept: EDIT },
  { query: "lip sync a video to a new audio track", accept: LIPSYNC },
  { query: "make the person in my video say something else", accept: LIPSYNC },
  { query: "put this shirt on a model (virtual try-on)", accept: TRYON },
  { query: "try clothes on a photo of me", accept: TRYON },
  { query: "add sound effects to a silent video", accept: SFX },
  { query: "caption what is in an image", accept: CAPTION },
  { query: "train a lora on my own photos", accept: TRAIN },
  { query: "animate a portrait photo to talk with audio", accept: AVATAR },
  { query: "make a talking avatar from an audio file", accept: AVATAR },
  {
    query: "generate a logo with text in it",
    accept: /ideogram|recraft|flux|seedream|imagen|gpt-image|qwen-image|nano-banana|hidream|reve/,
  },
  {
    query: "poster with readable typography",
    accept: /ideogram|recraft|flux|seedream|imagen|gpt-image|qwen-image|nano-banana|hidream|reve/,
  },
  { query: "restyle a video as claymation", accept: V2V },
  { query: "change the style of my video", accept: V2V },
  { query: "edit a video by describing the change", accept: /edit|v2v|video-to-video|vace|lucy|kling-video\/o\d|aleph/ },
  { query: "extend a video clip by a few seconds", accept: /extend/ },
  { query: "remove the background from a video", accept: /video.*background|background.*video|green-screen|matting/ },
  { query: "erase an object from a video", accept: /video.*eras|eraser|video-inpaint|void|vace|video.*remov/ },
  { query: "a video that starts on one image and ends on another", accept: /first-last|flf2v|framepack|pikaframes|keyframe|start.*end/ },
  { query: "video from several reference images of a character", accept: /reference-to-video|reference|elements|subject|phantom|vace/ },
  {
    query: "animate a character with the motion of a reference video",
    accept: /motion-control|animate|pose|act|move|vace|dance|mimic|wan-fun|replace/,
  },
  { query: "text to image with a lora style", accept: /lora/ },
  { query: "generate several product shots of a sneaker", accept: T2I },
  { query: "product photography with a new backdrop", accept: /product|background|shot|replace|bria|photography/ },
  {
    query: "replace the background of a photo",
    accept: /replace-background|background\/replace|background-change|add-background|replace|product/,
  },
  {
    query: "create a headshot for linkedin",
    accept: /headshot|portrait|photo|face|flux|seedream|nano-banana|imagen|gpt-image|qwen-image|kontext/,
  },
  { query: "an image of a cat wearing a hat", accept: T2I },
  { query: "illustrations for a children's book", accept: T2I },
  { query: "wallpaper in 4k of a galaxy", accept: T2I },
  { query: "a short video of waves crashing from a text prompt", accept: T2V },
  { query: "make a vertical video for tiktok from a prompt", accept: T2V },
  { query: "animated lottie from an image", accept: /lottie/ },
  {
    query: "merge several images into one scene",
    accept: /multi|edit|kontext|nano-banana|seedream|qwen-image|flux-2|gpt-image|reference|compose|fuse/,
  },
  {
    query: "combine a person and a product into one photo",
    accept: /multi|edit|kontext|nano-banana|seedream|qwen-image|flux-2|gpt-image|reference|compose|fuse|product/,
  },
  { query: "detect the speaker's turn end in a conversation", accept: /smart-turn|vad|turn/ },
  { query: "voice activity detection", accept: /vad|silero|smart-turn/ },
  { query: "a world or 3d scene from an image", accept: /world|3d|scene/ },
  { query: "text-to-video", accept: T2V },
  { query: "image-to-video", accept: I2V },
  { query: "video-to-video", accept: V2V },
  { query: "image editing", accept: EDIT },
  { query: "speech to text", accept: STT },
  { query: "Which model turns audio into a video of a person speaking?", accept: AVATAR },
  { query: "what can I use to make music from a text description?", accept: MUSIC },
  { query: "is there a model for generating 3d objects?", accept: IMG3D },
  { query: "which models can edit images?", accept: EDIT },
  { query: "how do I upscale videos?", accept: UPSCALE_VID },
  { query: "I need a cheap text to speech voice", accept: TTS },
  { query: "looking for the fastest video generator", accept: /fast|turbo|lite|flash|distill|lightning|ltx|wan/ },
];
