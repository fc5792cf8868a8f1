import { TuneopsError } from "../../spec/errors.js";
import { parseRetryAfterMs, type ResponseHeaders } from "./retry-after.js";

/** What an error message may say about the call that failed. */
export interface ProviderErrorContext {
  /** Human name of the upstream, e.g. `OpenAI-compatible server`. */
  provider: string;
  /** The URL called (never carries a key: keys travel in headers). */
  url: string;
  /** Name of the environment variable that should hold the API key, for auth hints. */
  apiKeyEnv?: string;
  /** Values that must never appear in a message (the API key), redacted from upstream text. */
  secrets?: readonly string[];
}

const maxUpstreamMessageLength = 500;

function redact(text: string, secrets: readonly string[] | undefined): string {
  let result = text;
  for (const secret of secrets ?? []) {
    if (secret.length >= 4) result = result.split(secret).join("***");
  }
  return result;
}

/**
 * The upstream's own explanation, from the error body shapes servers use: `{error: {message}}`
 * (OpenAI, vLLM, Anthropic), `{error: "..."}` (Ollama, llama.cpp) or `{message}`; else the raw text.
 */
export function upstreamErrorMessage(bodyText: string): string {
  let message: string | undefined;
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body === "object" && body !== null) {
      const record = body as Record<string, unknown>;
      const error = record["error"];
      if (typeof error === "string") message = error;
      else if (typeof error === "object" && error !== null && typeof (error as Record<string, unknown>)["message"] === "string") {
        message = (error as Record<string, unknown>)["message"] as string;
      } else if (typeof record["message"] === "string") message = record["message"];
    }
  } catch {
    // Not JSON (a proxy's HTML page, plain text): fall back to the text itself.
  }
  const text = (message ?? bodyText).trim().replace(/\s+/g, " ");
  return text.length > maxUpstreamMessageLength ? `${text.slice(0, maxUpstreamMessageLength)}...` : text;
}

function describe(context: ProviderErrorContext, status: number, upstream: string): string {
  const base = `${context.provider} POST ${context.url} returned HTTP ${status}`;
  const detail = redact(upstream, context.secrets);
  return detail ? `${base}: ${detail}` : base;
}

/** Classifies a non-2xx response. The adapter never retries; `isRetryable` tells the runner whether it may. */
export function errorFromHttpStatus(options: {
  status: number;
  headers: ResponseHeaders;
  bodyText: string;
  context: ProviderErrorContext;
}): TuneopsError {
  const { status, headers, context } = options;
  const message = describe(context, status, upstreamErrorMessage(options.bodyText));
  const location = { url: context.url };
  if (status === 401 || status === 403) {
    const variable = context.apiKeyEnv ? `the environment variable ${context.apiKeyEnv}` : "the API key configured for this provider (api_key_env)";
    return new TuneopsError({
      code: "provider_auth",
      message,
      statusCode: status,
      location,
      isRetryable: false,
      hint: `Check ${variable}: it must hold a valid key with access to this model.`,
    });
  }
  if (status === 408) {
    return new TuneopsError({ code: "provider_timeout", message, statusCode: status, location, isRetryable: true, retryAfterMs: parseRetryAfterMs(headers) });
  }
  if (status === 409 || status === 429) {
    return new TuneopsError({
      code: "provider_rate_limited",
      message,
      statusCode: status,
      location,
      isRetryable: true,
      retryAfterMs: parseRetryAfterMs(headers),
      hint: "Lower the provider's `concurrency` or raise its rate limit.",
    });
  }
  if (status >= 500) {
    return new TuneopsError({ code: "provider_unavailable", message, statusCode: status, location, isRetryable: true, retryAfterMs: parseRetryAfterMs(headers) });
  }
  const hint = status === 404 ? "Check the provider's base_url (up to and including the API version) and the model name." : undefined;
  return new TuneopsError({ code: "provider_bad_request", message, statusCode: status, location, isRetryable: false, hint });
}

/** A response we cannot read: not JSON, or not the shape the protocol promises. Retryable (often transient). */
export function badResponseError(context: ProviderErrorContext, detail: string, cause?: unknown): TuneopsError {
  return new TuneopsError({
    code: "provider_bad_response",
    message: `${context.provider} POST ${context.url} sent a response that does not follow the protocol: ${redact(detail, context.secrets)}`,
    location: { url: context.url },
    isRetryable: true,
    cause,
  });
}

export function streamInterruptedError(context: ProviderErrorContext, detail: string, cause?: unknown): TuneopsError {
  return new TuneopsError({
    code: "provider_stream_interrupted",
    message: `${context.provider} POST ${context.url}: the response ended before it was complete (${redact(detail, context.secrets)})`,
    location: { url: context.url },
    isRetryable: true,
    cause,
  });
}

export function abortedError(context: ProviderErrorContext, cause?: unknown): TuneopsError {
  return new TuneopsError({ code: "aborted", message: `${context.provider} POST ${context.url}: the call was aborted`, location: { url: context.url }, isRetryable: false, cause });
}

const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"]);

/**
 * Classifies a transport failure (undici or socket error). `phase` says whether the response head had
 * arrived: a failure after it means the response was cut.
 */
export function errorFromTransport(options: {
  error: unknown;
  context: ProviderErrorContext;
  phase: "request" | "body";
  signal?: AbortSignal | undefined;
  timeoutMs: number;
}): TuneopsError {
  const { error, context, phase } = options;
  if (error instanceof TuneopsError) return error;
  if (options.signal?.aborted) return abortedError(context, error);
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const name = error instanceof Error ? error.name : "";
  const detail = error instanceof Error ? error.message : String(error);
  if (name === "AbortError" || code === "UND_ERR_ABORTED") return abortedError(context, error);
  if (typeof code === "string" && timeoutCodes.has(code)) {
    return new TuneopsError({
      code: "provider_timeout",
      message: `${context.provider} POST ${context.url} timed out (no ${phase === "request" ? "response" : "data"} within ${options.timeoutMs} ms)`,
      location: { url: context.url },
      isRetryable: true,
      hint: "Raise the provider's timeout_ms if the model is slow, or lower its concurrency.",
      cause: error,
    });
  }
  if (phase === "body") return streamInterruptedError(context, detail, error);
  const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  return new TuneopsError({
    code: "provider_unavailable",
    message: `${context.provider} POST ${context.url} failed: ${redact(detail, context.secrets)}`,
    location: { url: context.url },
    isRetryable: true,
    hint: refused ? `Is the server running and reachable at ${new URL(context.url).origin}? Check base_url.` : undefined,
    cause: error,
  });
}
