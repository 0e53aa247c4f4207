/** `fal-mcp/client`: a typed fal client for TypeScript programs, typed by endpoint id. */
export {
  createFalClient,
  urlsFromEnv,
  FAL_PRODUCTION_URLS,
  type FalClient,
  type FalClientOptions,
  type FalUrls,
  type QueueStatus,
  type InputOf,
  type OutputOf,
} from "./client.js";
export { FalError, FalAuthError, FalValidationError, FalNotFoundError, FalRateLimitError, FalUpstreamError } from "./errors.js";
export { parseEndpointId, appRoot, queueUrls } from "./endpoint.js";
export { loadModel, knownEndpoint } from "../catalog/models.js";
export type { EndpointId, EndpointTypeMap } from "../../generated/models/index.js";
