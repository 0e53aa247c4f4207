/**
 * The HTTP core's request/answer shape, shared by the core (./handler.ts), its adapters and the OAuth
 * routes. Kept apart from the core so the OAuth module can use it without importing the core (which
 * loads OAuth: an import cycle).
 */

/** What the core needs from a request, however the runtime delivered it. */
export interface HttpIn {
  method: string;
  path: string;
  /** The query string without `?` ("" when none). */
  query?: string;
  /** The full request URL, query included (OAuth routes read their parameters from it). */
  url?: string;
  /** A header by lower-case name. */
  header(name: string): string | null;
  /** The body as text; rejects with `TooLarge` past the limit. */
  bodyText(max: number): Promise<string>;
  /** Aborted when the client goes away (or the server shuts down). */
  signal: AbortSignal;
  /** The same as `signal.aborted`, where an adapter can tell without making the signal. */
  gone?(): boolean;
  /** A web Request for the SDK's transport (built only when needed). */
  toRequest(): Request;
}

export type HttpOut =
  | { status: number; headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> | null }
  | { response: Response };

/** A request body over its limit (`HttpIn.bodyText`). */
export class TooLarge extends Error {}
