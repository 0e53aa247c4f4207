/** What the viewer reads from a tool result: plain functions over the tools' structuredContent. */

export interface Media {
  url: string;
  content_type?: string;
  field?: string;
}

/** The parts of a CallToolResult the viewer reads. */
export interface ToolResult {
  structuredContent?: unknown;
  isError?: boolean | undefined;
  content?: unknown;
}

export type Kind = "image" | "video" | "audio" | "file";

export interface JobState {
  status: string;
  endpoint_id?: string;
  request_id?: string;
  queue_position?: number;
  logs: string[];
  media: Media[];
  estimated_cost_usd?: number;
  error?: string;
}

/** Statuses after which nothing more will happen to a job. */
export const FINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export function kindOf(m: Media): Kind {
  const t = (m.content_type ?? "").toLowerCase();
  const path = safeUrl(m.url)?.pathname.toLowerCase() ?? "";
  if (t.startsWith("image/") || /\.(png|jpe?g|webp|gif|avif|bmp)$/.test(path)) return "image";
  if (t.startsWith("video/") || /\.(mp4|webm|mov|m4v)$/.test(path)) return "video";
  if (t.startsWith("audio/") || /\.(mp3|wav|ogg|m4a|aac|flac|opus)$/.test(path)) return "audio";
  return "file";
}

/** Only http(s) URLs reach an element's src or href (a result's URLs can echo a caller's input). */
export function safeUrl(url: unknown): URL | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u : undefined;
  } catch {
    return undefined;
  }
}

/** A CallToolResult's text, for errors: the tools put their sentence first. */
export function textOf(result: ToolResult): string {
  const items = Array.isArray(result.content) ? result.content : [];
  const t = items.find((c: unknown): c is { type: "text"; text: string } => {
    const item = c as { type?: unknown; text?: unknown } | null;
    return item?.type === "text" && typeof item.text === "string";
  });
  return t?.text ?? "";
}

/** The job a tool result describes, or undefined when it describes none (e.g. another tool's error). */
export function jobOf(result: ToolResult): JobState | undefined {
  const sc = result.structuredContent as Record<string, unknown> | undefined;
  if (!sc || typeof sc.status !== "string") return undefined;
  const media = Array.isArray(sc.media) ? (sc.media as Media[]).filter((m) => safeUrl(m?.url)) : [];
  return {
    status: sc.status,
    ...(typeof sc.endpoint_id === "string" ? { endpoint_id: sc.endpoint_id } : {}),
    ...(typeof sc.request_id === "string" ? { request_id: sc.request_id } : {}),
    ...(typeof sc.queue_position === "number" ? { queue_position: sc.queue_position } : {}),
    logs: Array.isArray(sc.logs) ? sc.logs.filter((l): l is string => typeof l === "string") : [],
    media,
    ...(typeof sc.estimated_cost_usd === "number" ? { estimated_cost_usd: sc.estimated_cost_usd } : {}),
    ...(typeof sc.error === "string" ? { error: sc.error } : result.isError ? { error: textOf(result) } : {}),
  };
}

export function statusWords(s: JobState): string {
  switch (s.status) {
    case "IN_QUEUE":
      // fal counts from 0: position 0 is next in line.
      return s.queue_position === 0
        ? "Queued, next in line"
        : s.queue_position !== undefined
          ? `Queued, ${s.queue_position} ahead`
          : "Queued";
    case "IN_PROGRESS":
      return "Running";
    case "COMPLETED":
      return "Done";
    case "FAILED":
      return "Failed";
    case "CANCELLED":
      return "Cancelled";
    case "CANCELLATION_REQUESTED":
      return "Cancelling";
    default:
      return s.status.toLowerCase().replace(/_/g, " ");
  }
}
