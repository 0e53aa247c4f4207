/**
 * Small but real media files the emulator serves for generated outputs: a PNG that decoders open, a
 * WAV of silence and a one-second MP4 that browsers play, each with the right content type.
 */
import { deflateSync } from "node:zlib";
import { SAMPLE_MP4_BASE64 } from "./sample-video.js";

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** An RGB gradient PNG, `w`×`h`. */
export function png(w = 64, h = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = (x * 255) / w;
      raw[o + 1] = (y * 255) / h;
      raw[o + 2] = 160;
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** One second of 8 kHz mono 16-bit silence. */
export function wav(seconds = 1, rate = 8000): Buffer {
  const data = rate * seconds * 2;
  const b = Buffer.alloc(44 + data);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + data, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(data, 40);
  return b;
}

/** A real MP4 a browser plays (H.264, 64×64, 1 s; see sample-video.ts), so `<video>` gets its metadata. */
export function mp4(): Buffer {
  return Buffer.from(SAMPLE_MP4_BASE64, "base64");
}

export const SAMPLES: Record<string, { contentType: string; bytes: Buffer; file: string }> = {
  image: { contentType: "image/png", bytes: png(), file: "image.png" },
  audio: { contentType: "audio/wav", bytes: wav(), file: "audio.wav" },
  video: { contentType: "video/mp4", bytes: mp4(), file: "video.mp4" },
  model: { contentType: "model/gltf-binary", bytes: Buffer.from("glTF\x02\x00\x00\x00\x0c\x00\x00\x00", "latin1"), file: "model.glb" },
  file: { contentType: "application/octet-stream", bytes: Buffer.from("fal emulator file\n"), file: "file.bin" },
};

/** Which sample suits a field, from its name and its schema's title. */
export function mediaKind(hint: string): keyof typeof SAMPLES {
  const h = hint.toLowerCase();
  if (/video|mp4|clip/.test(h)) return "video";
  if (/audio|speech|voice|music|sound|wav|mp3/.test(h)) return "audio";
  if (/image|mask|depth|frame|picture|photo|thumbnail/.test(h)) return "image";
  if (/glb|mesh|model_|3d|obj|gltf|ply|splat/.test(h)) return "model";
  return "file";
}
