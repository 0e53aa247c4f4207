// Makes the emulator's sample video (src/emulator/sample-video.ts): one second of a moving gradient,
// 64×64, recorded by Chromium's own MediaRecorder into MP4, so a browser's <video> really loads it
// (the viewer's test checks the player gets its metadata). Run once by hand when it must change:
//   node scripts/make-sample-video.mjs
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage();
  const out = await page.evaluate(async () => {
    const types = ["video/mp4;codecs=avc1.42E01E", "video/mp4;codecs=vp9", "video/mp4"];
    const type = types.find((t) => MediaRecorder.isTypeSupported(t));
    if (!type) throw new Error("this Chromium records no MP4");
    const c = document.createElement("canvas");
    c.width = c.height = 64;
    const g = c.getContext("2d");
    const stream = c.captureStream(15);
    const rec = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 100_000 });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((r) => (rec.onstop = r));
    rec.start();
    const t0 = performance.now();
    await new Promise((resolve) => {
      const draw = () => {
        const t = (performance.now() - t0) / 1000;
        const grad = g.createLinearGradient(0, 0, 64, 64);
        grad.addColorStop(0, `hsl(${(t * 180) % 360} 70% 50%)`);
        grad.addColorStop(1, "#1a2b6d");
        g.fillStyle = grad;
        g.fillRect(0, 0, 64, 64);
        if (t < 1.2) requestAnimationFrame(draw);
        else resolve();
      };
      draw();
    });
    rec.stop();
    await done;
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let bin = "";
    for (const b of buf) bin += String.fromCharCode(b);
    return { type, b64: btoa(bin) };
  });
  const src = `/** One second of 64×64 video recorded by Chromium's MediaRecorder (${out.type}), made by scripts/make-sample-video.mjs. */\nexport const SAMPLE_MP4_BASE64 =\n  "${out.b64}";\n`;
  writeFileSync("src/emulator/sample-video.ts", src);
  console.log(`sample video: ${out.type}, ${Math.round((out.b64.length * 3) / 4)} bytes`);
} finally {
  await browser.close();
}
