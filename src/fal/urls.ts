/** fal's hosts: production by default, any other base (the emulator) from the environment or options. */
export interface FalUrls {
  /** Platform API v1 (`https://api.fal.ai/v1`). */
  api: string;
  /** Queue (`https://queue.fal.run`). */
  queue: string;
  /** Synchronous run (`https://fal.run`). */
  run: string;
  /** Storage REST (`https://rest.fal.ai`). */
  rest: string;
}

export const FAL_PRODUCTION_URLS: FalUrls = {
  api: "https://api.fal.ai/v1",
  queue: "https://queue.fal.run",
  run: "https://fal.run",
  rest: "https://rest.fal.ai",
};

/** Base URLs from `FAL_API_URL`, `FAL_QUEUE_URL`, `FAL_RUN_URL`, `FAL_REST_URL`, else fal's hosts. */
export function urlsFromEnv(env: Record<string, string | undefined> = process.env): FalUrls {
  return {
    api: env.FAL_API_URL || FAL_PRODUCTION_URLS.api,
    queue: env.FAL_QUEUE_URL || FAL_PRODUCTION_URLS.queue,
    run: env.FAL_RUN_URL || FAL_PRODUCTION_URLS.run,
    rest: env.FAL_REST_URL || FAL_PRODUCTION_URLS.rest,
  };
}
