/** Operator options shared by every transport. */
import type { FalUrls } from "../fal/client.js";
import type { UrlGuard } from "../net/guard.js";
import type { SchemaProfile } from "../schema/profiles.js";
import { globToRegExp } from "../glob.js";

export interface ServerOptions {
  urls: FalUrls;
  mode: "stdio" | "hosted";
  guard: UrlGuard;
  readOnly?: boolean;
  /** `--tools`: endpoint ids and `category:<name>` selectors exposed as their own tools. */
  modelTools?: string;
  disableTools?: string[];
  /** Globs (`fal-ai/flux/*`) of endpoint ids run/submit may use. */
  allowModels?: string[];
  runWaitSeconds?: number;
  inlineImages?: boolean;
  fetch?: typeof fetch;
  /** Where raw per-model OpenAPI comes from (default: the vendored file, else fal's API). */
  rawSpec?: (endpointId: string) => Promise<string>;
  /** Refresh the catalog from fal's live /v1/models (default true). */
  liveCatalog?: boolean;
  /** fal docs base (default https://fal.ai/docs); pages are fetched as Markdown for passages. */
  docsUrl?: string;
  /** `--schema-profile`: the dialect of the listed schemas (default portable; see src/schema/profiles.ts). */
  schemaProfile?: SchemaProfile;
  /** Aborted on shutdown so in-flight waits return their request_id. */
  shutdownSignal?: AbortSignal;
}

export function globMatcher(globs: string[] | undefined): (id: string) => boolean {
  if (!globs?.length) return () => true;
  const res = globs.map(globToRegExp);
  return (id) => res.some((r) => r.test(id));
}
