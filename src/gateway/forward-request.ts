import type { Dispatcher } from "undici";
import { loggedBody } from "./exchange.js";
import { responseHeaders, type Forwarding } from "./forwarding.js";
import { responseText } from "./response-text.js";
import { planAttempts } from "./route-table.js";
import { finishStream, relayStream } from "./relay-stream.js";
import { callUpstream, headerText, isRetryableStatus, readAll, type AttemptFailure } from "./upstream-call.js";
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
  const contentType = headerText(upstream.headers["content-type"]) ?? "application/json";
  if (upstream.statusCode >= 400 || !exchange.stream) {
    let bytes: Buffer;
    try {
      bytes = await readAll(upstream.body);
    } catch (error) {
      exchange.upstreamMs += performance.now() - started;
      return { error, retryable: !signal.aborted };
    }
    exchange.upstreamMs += performance.now() - started;
    if (upstream.statusCode >= 400) return { status: upstream.statusCode, contentType, body: bytes, retryable: isRetryableStatus(upstream.statusCode) };
    sendComplete({ forwarding, status: upstream.statusCode, contentType, bytes });
    return undefined;
  }
  const outcome = await relayStream({ forwarding, upstream, started, injectUsage: options.injectUsage });
  if (outcome.failure) return outcome.failure;
  finishStream(forwarding, outcome);
  return undefined;
}

function sendComplete(options: { forwarding: Forwarding; status: number; contentType: string; bytes: Buffer }): void {
  const { forwarding, status, contentType, bytes } = options;
  const { runtime, exchange, response } = forwarding;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  exchange.usage = (parsed as { usage?: unknown } | undefined)?.usage;
  if (runtime.guards.checksResponses) {
    const blocked = runtime.guards.guardResponse(responseText(parsed), exchange.guardActions);
    if (blocked) throw blocked;
  }
  if (runtime.logBodies) exchange.responseBody = loggedBody(runtime, bytes.toString("utf8"));
  if (status === 200 && parsed !== undefined) forwarding.remember?.({ status, contentType, body: bytes });
  exchange.status = status;
  if (response.destroyed) return;
  const headers = responseHeaders(forwarding, contentType);
  headers["content-length"] = String(bytes.length);
  response.writeHead(status, headers);
  response.end(bytes);
}
