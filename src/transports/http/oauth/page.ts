/**
 * The sign-in and error pages: plain HTML forms that work without JavaScript, no third-party assets,
 * inline style allowed by a per-response nonce only, never framed. Every value is HTML-escaped.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}
h1{font-size:1.4rem}label{display:block;margin:.9rem 0 .25rem;font-weight:600}
input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #888;border-radius:4px}
.who{background:#f3f3f3;padding:.6rem .8rem;border-radius:4px}.err{background:#fde8e8;color:#8a1111;padding:.6rem .8rem;border-radius:4px}
details{margin-top:1rem}small{color:#555}button{margin-top:1.2rem;padding:.6rem 1.2rem;font:inherit;border-radius:4px;border:0;background:#111;color:#fff;cursor:pointer}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}`;

export interface PageHeaders {
  headers: Record<string, string>;
  nonce: string;
}

/** Headers for every page: CSP (no framing, no outside assets), no caching, no referrer. */
export function pageHeaders(formTarget?: string): PageHeaders {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  // A form posted here is answered with a redirect to the client; browsers apply form-action to it.
  const formAction = ["'self'", formTarget].filter(Boolean).join(" ");
  return {
    nonce,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    },
  };
}

function layout(nonce: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style nonce="${nonce}">${CSS}</style></head><body>${body}</body></html>`;
}

export function errorPage(nonce: string, message: string): string {
  return layout(
    nonce,
    "Cannot sign in",
    `<h1>Cannot sign in</h1><p class="err" role="alert">${esc(message)}</p><p>Nothing was sent to the application that asked. Close this page and try connecting again.</p>`,
  );
}

export interface SignInView {
  clientName: string;
  /** Where the name comes from: a metadata document's host, or the application's own unverified claim. */
  clientSource: string;
  redirectHost: string;
  /** The sealed form token (binds the request's parameters). */
  form: string;
  error?: string;
  /** Values to show again after a refused attempt (never the key). */
  models?: string;
  maxCost?: string;
  readOnly?: boolean;
}

export function signInPage(nonce: string, v: SignInView): string {
  return layout(
    nonce,
    "Sign in to fal-mcp",
    `<h1>Connect to fal with your key</h1>
<p class="who"><strong>${esc(v.clientName || "An application")}</strong> <small>(${esc(v.clientSource)})</small> wants to use fal models on your behalf.<br>After you sign in, your browser goes back to <strong>${esc(v.redirectHost)}</strong>.</p>
${v.error ? `<p class="err" role="alert">${esc(v.error)}</p>` : ""}
<form method="post" action="/authorize">
<input type="hidden" name="form" value="${esc(v.form)}">
<label for="fal_key">fal API key</label>
<input id="fal_key" name="fal_key" type="password" autocomplete="off" required minlength="8" maxlength="512" spellcheck="false">
<small>Create one at https://fal.ai/dashboard/keys. It is checked with fal, then kept only inside the encrypted token given to this application.</small>
<details${v.readOnly || v.models || v.maxCost ? " open" : ""}><summary>Limits for this connection (optional)</summary>
<label class="check"><input type="checkbox" name="read_only"${v.readOnly ? " checked" : ""}> Read-only: search, schemas and prices, never run a model</label>
<label for="models">Allowed models</label>
<input id="models" name="models" type="text" placeholder="fal-ai/flux/*, fal-ai/kling-video/*" value="${esc(v.models ?? "")}">
<label for="max_cost_usd">Maximum cost per call (USD)</label>
<input id="max_cost_usd" name="max_cost_usd" type="text" inputmode="decimal" placeholder="0.50" value="${esc(v.maxCost ?? "")}">
</details>
<button type="submit">Sign in</button>
</form>`,
  );
}
