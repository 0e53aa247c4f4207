/**
 * Everything the emulator remembers and every setting it runs with, in one object the routes share:
 * jobs, uploaded files, pending uploads, the key list, clock and fault settings, counters, and the
 * vendored OpenAPI spec of each model (read on demand, a few kept).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globToRegExp } from "../glob.js";
import { endpointSlug } from "../catalog/naming.js";
import { packageRoot } from "../paths.js";
import type { SchemaComponents } from "../schema/json-schema.js";
import { type FaultConfig, FaultInjector } from "./faults.js";
import { Expiring, type Job } from "./store.js";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Time a job waits IN_QUEUE (default 50 ms) and runs IN_PROGRESS (default 200 ms). */
  queueMs?: number;
  runMs?: number;
  /** Valid keys (`id:secret`); empty means any well-formed key. */
  keys?: string[];
  faults?: Partial<FaultConfig>;
  /** Finished jobs and files are kept this long (default 10 min) … */
  ttlMs?: number;
  /** … and at most this many jobs (default 10,000) and file bytes (default 512 MB). */
  maxJobs?: number;
  maxFileBytes?: number;
  /** Recorded results by endpoint id, returned instead of one made from the output schema (fixtures). */
  outputs?: Record<string, unknown>;
  /** Largest JSON body (default 10 MB) and upload part (default 100 MB). */
  maxBodyBytes?: number;
  maxUploadBytes?: number;
  /** Run time per endpoint glob (`fal-ai/kling-video/*` → 120000): video jobs that take minutes. */
  jobMs?: Record<string, number>;
  /** Called with each request_id the queue accepts (tests count lost ids with it). */
  onSubmit?: (requestId: string) => void;
  /** Interval between SSE status events (default 100 ms). */
  streamIntervalMs?: number;
}

/** The parts of a vendored model spec the emulator reads (the rest stays opaque). */
export interface ModelSpec {
  paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> } }>;
  components: { schemas: SchemaComponents };
}

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export interface PendingUpload {
  contentType: string;
  fileName: string;
  multipart: boolean;
  parts: Map<number, Buffer>;
}

const SPECS_KEPT = 64;

export class EmulatorState {
  readonly queueMs: number;
  readonly maxBody: number;
  readonly maxUpload: number;
  readonly streamEvery: number;
  readonly keys: ReadonlySet<string>;
  readonly faults: FaultInjector;
  readonly jobs: Expiring<Job>;
  readonly files: Expiring<StoredFile>;
  readonly uploads: Expiring<PendingUpload>;
  /** Per app, jobs in submit order; the front is pruned as jobs leave the queue (no scan of all jobs). */
  readonly queues = new Map<string, Job[]>();
  readonly outputs: Record<string, unknown> | undefined;
  readonly onSubmit: ((requestId: string) => void) | undefined;
  requests = 0;
  openStreams = 0;
  /** `http://host:port`, known once the server listens; file and job URLs are built on it. */
  origin = "";
  private readonly runMs: number;
  private readonly jobMs: (readonly [RegExp, number])[];
  private readonly specCache = new Map<string, ModelSpec>();

  constructor(opts: EmulatorOptions) {
    const ttlMs = opts.ttlMs ?? 10 * 60_000;
    this.queueMs = opts.queueMs ?? 50;
    this.runMs = opts.runMs ?? 200;
    this.maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
    this.maxUpload = opts.maxUploadBytes ?? 100 * 1024 * 1024;
    this.streamEvery = opts.streamIntervalMs ?? 100;
    this.keys = new Set(opts.keys ?? []);
    this.jobMs = Object.entries(opts.jobMs ?? {}).map(([glob, ms]) => [globToRegExp(glob), ms] as const);
    this.faults = new FaultInjector({ rate: 0, kinds: [], seed: 1, slowMs: 1500, ...opts.faults });
    this.jobs = new Expiring<Job>(ttlMs, opts.maxJobs ?? 10_000);
    this.files = new Expiring<StoredFile>(ttlMs, 100_000, opts.maxFileBytes ?? 512 * 1024 * 1024);
    this.uploads = new Expiring<PendingUpload>(ttlMs, 10_000);
    this.outputs = opts.outputs;
    this.onSubmit = opts.onSubmit;
  }

  /** How long a job of this endpoint runs: the first matching `jobMs` glob, else `runMs`. */
  runFor(endpointId: string): number {
    return this.jobMs.find(([re]) => re.test(endpointId))?.[1] ?? this.runMs;
  }

  spec(endpointId: string): ModelSpec {
    let s = this.specCache.get(endpointId);
    if (!s) {
      const file = join(packageRoot(), "openapi", "models", `${endpointSlug(endpointId)}.json`);
      s = JSON.parse(readFileSync(file, "utf8")) as ModelSpec;
      if (this.specCache.size > SPECS_KEPT) {
        const oldest = this.specCache.keys().next().value;
        if (oldest !== undefined) this.specCache.delete(oldest);
      }
      this.specCache.set(endpointId, s);
    }
    return s;
  }
}
