/** The viewer document, written to dist/src/app/viewer-html.js by scripts/build-viewer.mjs. */
declare const html: string;
export default html;
