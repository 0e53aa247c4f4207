/// <reference lib="dom" />
// Browser code (the viewer, the test host page): the server itself compiles without DOM types.
/**
 * The fal media viewer, an MCP App (ext-apps `App`): shows what run_model, submit_job, check_job or a
 * per-model tool returned — images as a grid (click for full size), video and audio players, other
 * files as links, the model, request id and estimated cost — and follows a job that is still running
 * through the app-only tool until it ends, with a Cancel button. Built into one HTML document by
 * scripts/build-viewer.mjs; it loads nothing from the network but the media itself.
 */
import { App, applyDocumentTheme, applyHostStyleVariables } from "@modelcontextprotocol/ext-apps";
import { FINAL, jobOf, kindOf, safeUrl, statusWords, textOf, type JobState, type Media, type ToolResult } from "./model.js";

const JOB_TOOL = "viewer_job"; // src/app/ui.ts (not imported: the viewer bundle stays browser-only)
const root = document.getElementById("app")!;
const app = new App({ name: "fal-mcp viewer", version: "0.1.0" }, {}, { autoResize: true });

/** The arguments of the tool call being shown (for the price estimate). */
let toolArgs: Record<string, unknown> = {};
/** Bumped whenever a new result arrives or the view goes away: stops an older follow loop. */
let generation = 0;
let costText: string | undefined;

type Child = Node | string | undefined | false;
function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

function applyContext(ctx: ReturnType<App["getHostContext"]>) {
  if (ctx?.theme) applyDocumentTheme(ctx.theme);
  if (ctx?.styles?.variables) applyHostStyleVariables(ctx.styles.variables);
}

/** Links open through the host: a sandboxed view may not navigate itself. */
function link(url: URL, label: string, attrs: Record<string, string> = {}): HTMLElement {
  const a = h("a", { href: url.href, target: "_blank", rel: "noopener noreferrer", ...attrs }, label);
  a.addEventListener("click", (e) => {
    e.preventDefault();
    void app.openLink({ url: url.href }).catch(() => window.open(url.href, "_blank", "noopener"));
  });
  return a;
}

function header(s: JobState): HTMLElement {
  const facts: Child[] = [
    s.endpoint_id && h("span", { class: "model", "data-testid": "model" }, s.endpoint_id),
    s.request_id && h("span", { class: "rid", title: "request id", "data-testid": "request-id" }, s.request_id),
    (s.estimated_cost_usd !== undefined || costText) &&
      h("span", { class: "cost", "data-testid": "cost" }, s.estimated_cost_usd !== undefined ? `≈ $${s.estimated_cost_usd}` : costText!),
  ];
  return h(
    "header",
    {},
    h("span", { class: `status status-${s.status.toLowerCase()}`, "data-testid": "status" }, statusWords(s)),
    ...facts,
  );
}

function lightbox(url: URL) {
  const close = () => box.remove();
  const box = h(
    "div",
    { class: "lightbox", role: "dialog", "aria-label": "Full-size image", "data-testid": "lightbox" },
    h("img", { src: url.href, alt: "" }),
    h("button", { class: "close", "aria-label": "Close" }, "×"),
  );
  box.addEventListener("click", close);
  document.addEventListener("keydown", function esc(e) {
    if (e.key === "Escape") {
      close();
      document.removeEventListener("keydown", esc);
    }
  });
  document.body.append(box);
}

function mediaView(media: Media[]): HTMLElement {
  const byKind = { image: [] as URL[], video: [] as URL[], audio: [] as URL[], file: [] as { url: URL; m: Media }[] };
  for (const m of media) {
    const url = safeUrl(m.url)!;
    const k = kindOf(m);
    if (k === "file") byKind.file.push({ url, m });
    else byKind[k].push(url);
  }
  const out = h("div", { class: "media" });
  // A poster for the player: the first image of the same result, when the model returned one.
  const poster = byKind.image[0];
  for (const url of byKind.video) {
    const v = h("video", {
      controls: "",
      preload: "metadata",
      playsinline: "",
      src: url.href,
      "data-testid": "video",
      ...(poster ? { poster: poster.href } : {}),
    }) as HTMLVideoElement;
    v.addEventListener("error", () => v.replaceWith(fallback(url, "The video could not be loaded here")));
    out.append(h("figure", { class: "player" }, v, h("figcaption", {}, link(url, "Open video"))));
  }
  if (byKind.image.length && !(byKind.video.length && byKind.image.length === 1)) {
    const grid = h("div", { class: `grid${byKind.image.length === 1 ? " single" : ""}` });
    for (const url of byKind.image) {
      const img = h("img", { src: url.href, alt: "generated image", loading: "lazy", "data-testid": "image" }) as HTMLImageElement;
      img.addEventListener("error", () => img.replaceWith(fallback(url, "The image could not be loaded here")));
      const btn = h("button", { class: "thumb", title: "View full size" }, img);
      btn.addEventListener("click", () => lightbox(url));
      grid.append(btn);
    }
    out.append(grid);
  }
  for (const url of byKind.audio) {
    const a = h("audio", { controls: "", preload: "metadata", src: url.href, "data-testid": "audio" });
    a.addEventListener("error", () => a.replaceWith(fallback(url, "The audio could not be loaded here")));
    out.append(h("figure", { class: "player" }, a, h("figcaption", {}, link(url, "Open audio"))));
  }
  if (byKind.file.length) {
    const list = h("ul", { class: "files" });
    for (const { url, m } of byKind.file)
      list.append(
        h(
          "li",
          {},
          link(url, decodeURIComponent(url.pathname.split("/").pop() || m.field || "file"), { download: "", "data-testid": "file" }),
          m.content_type && h("span", { class: "type" }, m.content_type),
        ),
      );
    out.append(list);
  }
  if (!media.length) out.append(h("p", { class: "note" }, "The job finished without media files; the full result is in the conversation."));
  return out;
}

function fallback(url: URL, why: string): HTMLElement {
  return h("p", { class: "note" }, `${why}: `, link(url, url.href));
}

function render(s: JobState, following: boolean) {
  const body: Child[] = [header(s)];
  if (s.error) body.push(h("p", { class: "error", role: "alert", "data-testid": "error" }, s.error));
  if (s.status === "COMPLETED" && !s.error) body.push(mediaView(s.media));
  else if (!FINAL.has(s.status)) {
    const last = s.logs.at(-1);
    body.push(
      h(
        "div",
        { class: "progress", "data-testid": "progress" },
        h("div", { class: "bar" }),
        last && h("p", { class: "log", "data-testid": "log" }, last),
      ),
    );
    if (following && s.endpoint_id && s.request_id && s.status !== "CANCELLATION_REQUESTED") {
      const btn = h("button", { class: "cancel", "data-testid": "cancel" }, "Cancel") as HTMLButtonElement;
      btn.addEventListener("click", () => void cancel(s, btn));
      body.push(btn);
    }
    if (!following)
      body.push(h("p", { class: "note" }, "This host does not let the viewer follow the job: ask for check_job to see how it went."));
  }
  root.replaceChildren(...body.filter((c): c is Node | string => Boolean(c)));
}

function showError(text: string) {
  root.replaceChildren(h("p", { class: "error", role: "alert", "data-testid": "error" }, text || "The tool failed without saying why."));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls the app-only tool until the job ends (or a newer result replaces this one). */
async function follow(s: JobState, gen: number) {
  let delay = 500;
  let state = s;
  while (gen === generation && !FINAL.has(state.status)) {
    await sleep(delay);
    if (gen !== generation) return;
    delay = Math.min(3000, delay * 1.5);
    try {
      const r = await app.callServerTool({ name: JOB_TOOL, arguments: { endpoint_id: state.endpoint_id, request_id: state.request_id } });
      if (gen !== generation) return;
      const next = jobOf(r);
      if (!next) return showError(textOf(r));
      state = {
        ...next,
        ...(next.estimated_cost_usd === undefined && state.estimated_cost_usd !== undefined
          ? { estimated_cost_usd: state.estimated_cost_usd }
          : {}),
      };
      render(state, true);
    } catch (e) {
      if (gen !== generation) return;
      return render({ ...state, error: `Could not follow the job: ${(e as Error).message}` }, true);
    }
  }
}

async function cancel(s: JobState, btn: HTMLButtonElement) {
  btn.disabled = true;
  btn.textContent = "Cancelling…";
  const gen = ++generation;
  try {
    const r = await app.callServerTool({
      name: JOB_TOOL,
      arguments: { endpoint_id: s.endpoint_id, request_id: s.request_id, action: "cancel" },
    });
    const next = jobOf(r);
    if (!next) return showError(textOf(r));
    const state = { ...s, status: next.status, ...(r.isError ? { error: textOf(r) } : {}) };
    render(state, true);
    // Asked of a running job, or too late: follow it to whatever end it reaches.
    if (!FINAL.has(state.status)) void follow({ ...state, status: "IN_PROGRESS" }, gen);
  } catch (e) {
    render({ ...s, error: `Could not cancel: ${(e as Error).message}` }, true);
  }
}

/** The estimated cost, from get_pricing with the call's own input, when the result did not carry it. */
async function estimate(s: JobState, gen: number) {
  if (s.estimated_cost_usd !== undefined || !s.endpoint_id || typeof toolArgs.input !== "object") return;
  try {
    const r = await app.callServerTool({ name: "get_pricing", arguments: { endpoint_id: s.endpoint_id, input: toolArgs.input } });
    const row = (r.structuredContent as { prices?: { estimate_usd?: number; explanation?: string }[] } | undefined)?.prices?.[0];
    if (gen !== generation || !row) return;
    costText = row.estimate_usd !== undefined ? `≈ $${row.estimate_usd}` : row.explanation;
    const el = root.querySelector("header");
    if (el && costText && !el.querySelector(".cost")) el.append(h("span", { class: "cost", "data-testid": "cost" }, costText));
  } catch {
    // The price is a convenience; the media matter.
  }
}

function show(result: ToolResult) {
  const gen = ++generation;
  costText = undefined;
  const job = jobOf(result);
  if (!job) return showError(textOf(result));
  // check_job's plain status of a finished job carries no result yet: fetching it is the next step.
  const needsResult = job.status === "COMPLETED" && !result.isError && !("result" in (result.structuredContent as object));
  const s = needsResult ? { ...job, status: "IN_PROGRESS" } : job;
  // A host may not let views call tools; then the view says how to go on instead of following.
  const canFollow = Boolean(app.getHostCapabilities()?.serverTools) && Boolean(s.endpoint_id && s.request_id);
  render(s, canFollow);
  if (canFollow) void estimate(s, gen);
  if (canFollow && !FINAL.has(s.status)) void follow(s, gen);
}

app.ontoolinput = (p) => {
  toolArgs = (p.arguments ?? {}) as Record<string, unknown>;
  if (typeof toolArgs.endpoint_id === "string" && !root.querySelector("header"))
    root.replaceChildren(h("p", { class: "note" }, `Running ${toolArgs.endpoint_id}…`));
};
app.ontoolresult = (r) => show(r);
app.ontoolcancelled = () => showError("The call was cancelled before it returned.");
app.onhostcontextchanged = (ctx) => applyContext(ctx);
app.onteardown = async () => {
  generation++;
  return {};
};

await app.connect();
applyContext(app.getHostContext());
