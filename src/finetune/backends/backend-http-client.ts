import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import { TuneopsError } from "../../spec/errors.js";
import { parseRetryAfterMs } from "../../providers/http/retry-after.js";
import { upstreamErrorMessage } from "../../providers/http/provider-errors.js";

export interface BackendHttpClientOptions {
  /** Base URL including the API version, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string;
  /** Name for messages, e.g. `OpenAI fine-tuning`. */
  name: string;
  /** Environment variable the key comes from, for auth hints. */
  apiKeyEnv: string;
  /** Longest wait for one call, ms (uploads of large files take a while). */
  timeoutMs?: number;
}

/**
 * The HTTP plumbing of hosted fine-tuning backends: JSON GET/POST and multipart file uploads over
 * fetch, each failure a classified TuneopsError (auth, rate limit, unavailable...) that names the
 * method and URL and never the key. Control-plane calls are few, so no pool is kept.
 */
export class BackendHttpClient {
  readonly #options: BackendHttpClientOptions;
  readonly #base: string;

  constructor(options: BackendHttpClientOptions) {
    this.#options = options;
    this.#base = options.baseUrl.replace(/\/+$/, "");
  }

  getJson(path: string, query?: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<unknown> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
    const suffix = search.size > 0 ? `?${search.toString()}` : "";
    return this.#json("GET", `${path}${suffix}`, undefined, signal);
  }

  postJson(path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    return this.#json("POST", path, body === undefined ? undefined : JSON.stringify(body), signal);
  }

  /** Uploads a file as multipart/form-data (`file` part plus the given fields), streamed from disk. */
  async postFile(options: { path: string; file: string; fields: Record<string, string>; signal?: AbortSignal }): Promise<unknown> {
    const form = new FormData();
    for (const [key, value] of Object.entries(options.fields)) form.set(key, value);
    let blob: Blob;
    try {
      blob = await openAsBlob(options.file, { type: "application/jsonl" });
    } catch (error) {
      throw new TuneopsError({ code: "not_found", message: `${options.file}: cannot read the training file: ${(error as Error).message}`, location: { file: options.file }, cause: error });
    }
    form.set("file", blob, basename(options.file));
    return this.#json("POST", options.path, form, options.signal);
  }

  /** GETs a body as text (result files). */
  async getText(path: string, signal?: AbortSignal): Promise<string> {
    const response = await this.#send("GET", path, undefined, signal);
    return response.text();
  }

  async #json(method: string, path: string, body: string | FormData | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const response = await this.#send(method, path, body, signal);
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new TuneopsError({ code: "provider_bad_response", message: `${this.#options.name} ${method} ${this.#base}${path} sent invalid JSON: ${text.slice(0, 100)}`, isRetryable: true, cause: error });
    }
  }

  async #send(method: string, path: string, body: string | FormData | undefined, signal: AbortSignal | undefined): Promise<Response> {
    const url = `${this.#base}${path}`;
    const where = `${this.#options.name} ${method} ${url}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.#options.apiKey}` };
    if (typeof body === "string") headers["content-type"] = "application/json";
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 120_000);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw new TuneopsError({ code: "aborted", message: `${where}: aborted`, cause: error });
      const timedOut = timeout.aborted;
      throw new TuneopsError({
        code: timedOut ? "provider_timeout" : "provider_unavailable",
        message: `${where} ${timedOut ? "timed out" : `failed: ${(error as Error).message}`}`,
        location: { url },
        isRetryable: true,
        hint: timedOut ? undefined : `Is ${new URL(url).origin} reachable? Check the backend's base_url.`,
        cause: error,
      });
    }
    if (response.ok) return response;
    const detail = this.#redact(upstreamErrorMessage(await response.text().catch(() => "")));
    const message = `${where} returned HTTP ${response.status}${detail ? `: ${detail}` : ""}`;
    const status = response.status;
    const retryAfterMs = parseRetryAfterMs(Object.fromEntries(response.headers));
    if (status === 401 || status === 403) {
      throw new TuneopsError({ code: "provider_auth", message, statusCode: status, location: { url }, hint: `Check the environment variable ${this.#options.apiKeyEnv}: it must hold a valid key with fine-tuning access.` });
    }
    if (status === 404) throw new TuneopsError({ code: "not_found", message, statusCode: status, location: { url }, hint: "Check the job id and the backend's base_url." });
    if (status === 429) throw new TuneopsError({ code: "provider_rate_limited", message, statusCode: status, location: { url }, isRetryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    if (status >= 500) throw new TuneopsError({ code: "provider_unavailable", message, statusCode: status, location: { url }, isRetryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    throw new TuneopsError({ code: "provider_bad_request", message, statusCode: status, location: { url } });
  }

  #redact(text: string): string {
    return this.#options.apiKey.length >= 4 ? text.split(this.#options.apiKey).join("***") : text;
  }
}
