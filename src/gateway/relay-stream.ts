import type { Dispatcher } from "undici";
import { responseHeaders, type Forwarding } from "./forwarding.js";
import { loggedBody } from "./exchange.js";
import { doneEvent, SseRelay } from "./sse-relay.js";
import { StreamHoldBack } from "./stream-hold-back.js";
import type { GatewayHttpError } from "./openai-error.js";
import { headerText, upstreamInvalid, upstreamTooLarge, type AttemptFailure } from "./upstream-call.js";

export interface StreamOutcome {
  failure?: AttemptFailure;
  relay: SseRelay;
  /** Whether response headers (the first byte) went out. */
  committed: boolean;
  /** Events forwarded, kept for the cache. */
  forwarded: string[] | undefined;
  /** The stream broke after the first byte. */
  brokenBy?: unknown;
  /** The gateway stopped relaying after the first byte (too large, not an event stream, blocked): the terminal error to send. */
  stoppedBy?: GatewayHttpError;
  /** The response guard already checked the whole text (the hold-back did). */
  guarded: boolean;
}

export function terminalErrorEvent(message: string, code: string): string {
  return `data: ${JSON.stringify({ error: { message, type: "server_error", param: null, code } })}\n\n`;
}

function waitForDrain(forwarding: Forwarding): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      forwarding.response.off("drain", done);
      forwarding.response.off("close", done);
      resolve();
    };
    forwarding.response.once("drain", done);
    forwarding.response.once("close", done);
  });
}

/**
 * Relays an upstream event stream. Nothing reaches the client until the first whole event has come,
 * so an upstream that fails before it can still be retried or replaced by a fallback.
 */
export async function relayStream(options: { forwarding: Forwarding; upstream: Dispatcher.ResponseData; started: number; injectUsage: boolean }): Promise<StreamOutcome> {
  const { forwarding, upstream, started } = options;
  const { runtime, exchange, response, signal } = forwarding;
  const guardsText = runtime.guards.checksResponses;
  // With a hold-back window, a blocking guard sees the text before the client does; it takes the events one by one.
  const holdBack =
    runtime.guards.streamHoldChars > 0 ? new StreamHoldBack({ window: runtime.guards.streamHoldChars, check: (text) => runtime.guards.guardResponse(text, exchange.guardActions) }) : undefined;
  const heldEvents: { event: string; end: number }[] = [];
  const relay = new SseRelay({
    stripUsageChunk: options.injectUsage,
    collectText: guardsText || runtime.logBodies,
    holdDone: guardsText,
    ...(holdBack ? { onEvent: (event: string, end: number) => void heldEvents.push({ event, end }) } : {}),
  });
  const forwarded: string[] | undefined = forwarding.remember ? [] : undefined;
  const contentType = headerText(upstream.headers["content-type"]) ?? "text/event-stream";
  let committed = false;
  let committedAt = 0;
  const send = async (text: string): Promise<void> => {
    if (text === "") return;
    if (!committed) {
      committedAt = performance.now();
      exchange.upstreamMs += committedAt - started;
      response.writeHead(200, { ...responseHeaders(forwarding, contentType), "cache-control": "no-cache" });
      committed = true;
      exchange.status = 200;
      exchange.ttftMs = performance.now() - exchange.started;
    }
    forwarded?.push(text);
    if (!response.write(text)) await waitForDrain(forwarding);
  };
  let brokenBy: unknown;
  let stoppedBy: GatewayHttpError | undefined;
  const forward = async (events: string): Promise<void> => {
    if (!holdBack) return send(events);
    let release = "";
    for (const held of heldEvents) {
      const step = holdBack.push(held.event, relay.state.text, held.end);
      if (step.blocked) {
        stoppedBy = step.blocked;
        break;
      }
      release += step.release;
    }
    heldEvents.length = 0;
    if (stoppedBy === undefined) await send(release);
  };
  let size = 0;
  try {
    for await (const chunk of upstream.body) {
      size += (chunk as Buffer).length;
      if (size > runtime.maxUpstreamBytes) {
        stoppedBy = upstreamTooLarge(runtime.maxUpstreamBytes);
        break;
      }
      await forward(relay.push(chunk as Buffer));
      if (relay.state.invalid !== undefined || stoppedBy !== undefined) break;
    }
    if (stoppedBy === undefined && relay.state.invalid === undefined) await forward(relay.end());
    if (relay.state.invalid !== undefined) stoppedBy = upstreamInvalid(`an event stream that is not OpenAI's: ${relay.state.invalid}`);
    if (holdBack && stoppedBy === undefined) {
      const step = holdBack.finish(relay.state.text);
      if (step.blocked) stoppedBy = step.blocked;
      else await send(step.release);
    }
  } catch (error) {
    if (!committed) {
      exchange.upstreamMs += performance.now() - started;
      return { failure: { error, retryable: !signal.aborted }, relay, committed, forwarded, guarded: false };
    }
    brokenBy = error;
  }
  // While the stream flows the gateway waits on the upstream (relaying each event costs microseconds).
  if (committed) exchange.upstreamMs += performance.now() - committedAt;
  if (!committed) {
    exchange.upstreamMs += performance.now() - started;
    // Before the first byte, an answer that is not an event stream may come right from another try; one that is too large or blocked is final.
    const refusal = stoppedBy ?? upstreamInvalid("a body that is not an event stream (no event with data)");
    return { failure: { refusal, retryable: refusal.body.code === "upstream_invalid_response" }, relay, committed, forwarded, guarded: holdBack !== undefined };
  }
  return { relay, committed, forwarded, brokenBy, guarded: holdBack !== undefined, ...(stoppedBy === undefined ? {} : { stoppedBy }) };
}

/** Ends a committed stream: cleanly after `[DONE]`, else with a terminal error event, never a clean stop. */
export function finishStream(forwarding: Forwarding, outcome: StreamOutcome): void {
  const { runtime, exchange, response, signal } = forwarding;
  const { relay } = outcome;
  exchange.usage = relay.state.usage;
  if (runtime.logBodies) exchange.responseBody = loggedBody(runtime, relay.state.text);
  if (signal.aborted) {
    exchange.status = 499;
    exchange.error = "client_closed";
    response.destroy();
    return;
  }
  let tail = "";
  if (outcome.stoppedBy !== undefined) {
    exchange.error = outcome.stoppedBy.body.code ?? "upstream_invalid_response";
    tail = terminalErrorEvent(`${outcome.stoppedBy.body.message} The answer is incomplete.`, exchange.error);
  } else if (outcome.brokenBy !== undefined || !relay.state.done) {
    exchange.error = "stream_interrupted";
    tail = terminalErrorEvent("The upstream stream failed after the response started; the answer is incomplete.", "stream_interrupted");
  } else if (relay.state.error !== undefined) {
    exchange.error = "upstream_stream_error";
  } else if (runtime.guards.checksResponses) {
    const blocked = outcome.guarded ? undefined : runtime.guards.guardResponse(relay.state.text, exchange.guardActions);
    if (blocked) {
      exchange.error = "content_policy_violation";
      tail = terminalErrorEvent(blocked.body.message, "content_policy_violation");
    } else tail = doneEvent;
  }
  if (tail !== "") {
    outcome.forwarded?.push(tail);
    response.end(tail);
  } else response.end();
  if (exchange.error === null && outcome.forwarded) forwarding.remember?.({ status: 200, contentType: "text/event-stream", body: Buffer.from(outcome.forwarded.join("")) });
}
