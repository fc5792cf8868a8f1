export { ProviderHttpClient, isLoopbackUrl, defaultTimeoutMs, defaultMaxConnections, type ProviderHttpClientOptions } from "./provider-http-client.js";
export { acquirePool, type PoolLease } from "./pool-registry.js";
export { SseParser, type SseEvent } from "./sse-parser.js";
export { parseRetryAfterMs, type ResponseHeaders } from "./retry-after.js";
export {
  abortedError,
  badResponseError,
  errorFromHttpStatus,
  errorFromTransport,
  streamInterruptedError,
  upstreamErrorMessage,
  type ProviderErrorContext,
} from "./provider-errors.js";
export { describeIssues } from "./describe-issues.js";
