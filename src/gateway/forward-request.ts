import type { Dispatcher } from "undici";
import { loggedBody } from "./exchange.js";
import { responseHeaders, type Forwarding } from "./forwarding.js";
import { responseText } from "./response-text.js";
import { planAttempts } from "./route-table.js";
import { finishStream, relayStream } from "./relay-stream.js";
import { credentialOf, maskSecrets } from "./mask-secrets.js";
import { callUpstream, headerText, isRetryableStatus, readAll, upstreamInvalid, upstreamTooLarge, UpstreamTooLargeError, type AttemptFailure } from "./upstream-call.js";
import type { UpstreamTarget } from "./upstream-target.js";

function payloadFor(forwarding: Forwarding, target: UpstreamTarget, injectUsage: boolean): Buffer | string {
  const { body } = forwarding;
  if (!forwarding.changed && !injectUsage && target.model === undefined) return forwarding.bytes;
  const copy: Record<string, unknown> = { ...body };
  if (target.model !== undefined) copy["model"] = target.model;
  if (injectUsage) copy["stream_options"] = { ...body.stream_options, include_usage: true };
  return JSON.stringify(copy);
}

/**
 * Tries the route's targets in order (the weighted pick, then fallbacks), retrying retryable failures,
 * until one answers. Retries and fallbacks happen only before the first byte reaches the client.
 * Resolves with the failure to report when every attempt failed.
 */
export async function forwardRequest(forwarding: Forwarding): Promise<AttemptFailure | undefined> {
  const { exchange, route } = forwarding;
  const plan = planAttempts(route, forwarding.stickyValue);
  // Streams ask upstream for usage in a final chunk, so a streamed call costs what a plain one does.
  const injectUsage = exchange.stream && forwarding.body.stream_options?.include_usage !== true;
  let failure: AttemptFailure | undefined;
  for (const target of plan) {
    const payload = payloadFor(forwarding, target, injectUsage);
    for (let attempt = 0; attempt <= route.retries; attempt++) {
      if (forwarding.signal.aborted) return { error: new Error("the client closed the connection"), retryable: false };
      exchange.attempts++;
      exchange.target = target.name;
      exchange.model = target.model ?? forwarding.body.model;
      failure = await attemptOnce({ forwarding, target, payload, injectUsage });
      if (failure === undefined) return undefined;
      if (!failure.retryable) return failure;
    }
  }
  return failure;
}

async function attemptOnce(options: { forwarding: Forwarding; target: UpstreamTarget; payload: Buffer | string; injectUsage: boolean }): Promise<AttemptFailure | undefined> {
  const { forwarding, target } = options;
  const { exchange, signal } = forwarding;
  const started = performance.now();
  let upstream: Dispatcher.ResponseData;
  try {
    upstream = await callUpstream({ target, path: forwarding.path, method: "POST", body: options.payload, clientAuthorization: forwarding.clientAuthorization, signal });
  } catch (error) {
    exchange.upstreamMs += performance.now() - started;
    return { error, retryable: !signal.aborted };
  }
  const streams = exchange.stream && upstream.statusCode < 400;
  // Without a content type a stream's body is still checked event by event by the relay.
  const contentType = headerText(upstream.headers["content-type"]) ?? (streams ? "text/event-stream" : "application/json");
  if (!streams || !isEventStream(contentType)) {
    let bytes: Buffer;
    try {
      bytes = await readAll(upstream.body, forwarding.runtime.maxUpstreamBytes);
    } catch (error) {
      exchange.upstreamMs += performance.now() - started;
      if (error instanceof UpstreamTooLargeError) return { refusal: upstreamTooLarge(error.maxBytes), retryable: false };
      return { error, retryable: !signal.aborted };
    }
    exchange.upstreamMs += performance.now() - started;
    if (upstream.statusCode >= 400) {
      return { status: upstream.statusCode, contentType, body: maskedBody(bytes, target, forwarding.clientAuthorization), retryable: isRetryableStatus(upstream.statusCode) };
    }
    // A stream was asked for and something else came (a JSON answer, an HTML page): not to be relayed as a stream.
    if (streams) return { refusal: upstreamInvalid(`a ${contentType.split(";")[0] || "body without a content type"} body where an event stream was asked for`), retryable: true };
    const parsed = parseAnswer(bytes, forwarding.path);
    if (typeof parsed === "string") return { refusal: upstreamInvalid(parsed), retryable: true };
    sendComplete({ forwarding, status: upstream.statusCode, contentType, bytes, parsed });
    return undefined;
  }
  const outcome = await relayStream({ forwarding, upstream, started, injectUsage: options.injectUsage });
  if (outcome.failure) return outcome.failure;
  finishStream(forwarding, outcome);
  return undefined;
}

function isEventStream(contentType: string): boolean {
  return contentType.trimStart().toLowerCase().startsWith("text/event-stream");
}

/** The error body as the client sees it: the credentials sent upstream and anything that looks like a secret masked. */
function maskedBody(bytes: Buffer, target: UpstreamTarget, clientAuthorization: string | undefined): Buffer {
  const known = [credentialOf(target.headers["authorization"]), credentialOf(clientAuthorization)].filter((value): value is string => value !== undefined);
  const text = bytes.toString("utf8");
  const masked = maskSecrets(text, known);
  return masked === text ? bytes : Buffer.from(masked);
}

/** The list each endpoint's answer carries (`choices` for completions, `data` for embeddings). */
const answerList: Record<string, string> = { "/chat/completions": "choices", "/completions": "choices", "/embeddings": "data" };

/** A 200 answer parsed, or why it is not the endpoint's JSON answer. */
function parseAnswer(bytes: Buffer, path: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return bytes.length === 0 ? "an empty body" : `a body that is not JSON (${JSON.stringify(bytes.subarray(0, 60).toString("utf8"))})`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "JSON that is not an object";
  const list = answerList[path];
  if (list !== undefined && !Array.isArray((parsed as Record<string, unknown>)[list])) return `a JSON object without its '${list}' list`;
  return parsed as Record<string, unknown>;
}

function sendComplete(options: { forwarding: Forwarding; status: number; contentType: string; bytes: Buffer; parsed: Record<string, unknown> }): void {
  const { forwarding, status, contentType, bytes, parsed } = options;
  const { runtime, exchange, response } = forwarding;
  exchange.usage = parsed["usage"];
  if (runtime.guards.checksResponses) {
    const blocked = runtime.guards.guardResponse(responseText(parsed), exchange.guardActions);
    if (blocked) throw blocked;
  }
  if (runtime.logBodies) exchange.responseBody = loggedBody(runtime, bytes.toString("utf8"));
  if (status === 200) forwarding.remember?.({ status, contentType, body: bytes });
  exchange.status = status;
  if (response.destroyed) return;
  const headers = responseHeaders(forwarding, contentType);
  headers["content-length"] = String(bytes.length);
  response.writeHead(status, headers);
  response.end(bytes);
}
