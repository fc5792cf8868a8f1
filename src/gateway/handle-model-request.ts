import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { finishExchange, loggedBody, overheadMs, startExchange, type Exchange } from "./exchange.js";
import { forwardRequest } from "./forward-request.js";
import type { Forwarding } from "./forwarding.js";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { GatewayHttpError, sendError } from "./openai-error.js";
import { parseBody, readBody } from "./read-body.js";
import { authenticateEarly, ClientAbortError } from "./refuse-early.js";
import { terminalErrorEvent } from "./relay-stream.js";
import { cacheKeyOf, cacheTenantOf, type CachedAnswer } from "./response-cache.js";
import { admitToRoute } from "./key-admission.js";
import { SemanticCache } from "./semantic-cache.js";
import { isTimeout, type AttemptFailure } from "./upstream-call.js";
import type { ForwardedBody } from "./wire-schemas.js";

/** A forwarded endpoint: its path after `/v1`, the schema of its body, whether it can stream. */
export interface ModelEndpoint {
  path: "/chat/completions" | "/completions" | "/embeddings";
  schema: z.ZodType<ForwardedBody>;
  streams: boolean;
}

/** Serves one model request end to end: read, check, admit, route, cache, guard, forward, log. */
export async function handleModelRequest(runtime: GatewayRuntime, endpoint: ModelEndpoint, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const identified = await authenticateEarly(runtime, request, response);
  if (!identified) return;
  const exchange = startExchange(`/v1${endpoint.path}`);
  const { key } = identified;
  if (key) exchange.keyName = key.name;
  const abort = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) abort.abort();
  });
  try {
    // A known key that may not be used (expired) is refused before the body is read, logged with its name.
    if (identified.error) throw identified.error;
    const bytes = await readBody(request, runtime.maxBodyBytes);
    const body = parseBody(bytes, endpoint.schema);
    exchange.stream = endpoint.streams && body.stream === true;
    const route = runtime.routes.resolve(body.model);
    if (!route) {
      throw new GatewayHttpError(404, { message: `The model '${body.model}' does not exist or you do not have access to it.`, type: "invalid_request_error", param: "model", code: "model_not_found" });
    }
    exchange.route = route.name;
    if (key) await admitToRoute(runtime, { exchange, key, route, path: endpoint.path, body, bodyBytes: bytes.length });
    const clientAuthorization = runtime.keys.enabled ? undefined : request.headers.authorization;
    const changed = runtime.guards.checksRequests && runtime.guards.guardRequest(body, exchange.guardActions);
    if (runtime.logBodies) exchange.requestBody = loggedBody(runtime, changed ? JSON.stringify(body) : bytes.toString("utf8"));
    let cacheKey: string | undefined;
    let semantic: { bucket: string; vector: Float32Array } | undefined;
    const cache = route.cache ? runtime.cache : undefined;
    const semanticCache = route.cache ? runtime.semanticCache : undefined;
    if (cache) {
      const tenant = cacheTenantOf({ keyName: exchange.keyName, clientAuthorization, route });
      cacheKey = cacheKeyOf({ endpoint: exchange.endpoint, tenant, body });
      const hit = cache.get(cacheKey);
      if (hit) {
        runtime.metrics.cache.inc(["hit"]);
        sendCached(exchange, response, hit);
        return;
      }
      const query = semanticCache && endpoint.path === "/chat/completions" ? SemanticCache.queryOf({ endpoint: exchange.endpoint, tenant, body }) : undefined;
      const vector = query && semanticCache ? await semanticCache.embed(query.text, abort.signal) : undefined;
      if (query && vector && semanticCache) {
        semantic = { bucket: query.bucket, vector };
        const near = semanticCache.lookup(query.bucket, vector);
        if (near) {
          runtime.metrics.cache.inc(["semantic-hit"]);
          sendCached(exchange, response, near.answer);
          return;
        }
      }
      runtime.metrics.cache.inc(["miss"]);
    }
    const stickyHeader = route.stickyHeader === undefined ? undefined : request.headers[route.stickyHeader];
    const forwarding: Forwarding = {
      runtime,
      exchange,
      route,
      path: endpoint.path,
      body,
      bytes,
      changed,
      response,
      signal: abort.signal,
      stickyValue: Array.isArray(stickyHeader) ? stickyHeader[0] : stickyHeader,
      clientAuthorization,
      cacheKey,
      remember:
        cache && cacheKey !== undefined
          ? (answer) => {
              cache.set(cacheKey, answer);
              if (semantic && semanticCache) semanticCache.store(semantic.bucket, semantic.vector, answer);
            }
          : undefined,
    };
    const failure = await forwardRequest(forwarding);
    if (failure) answerFailure(exchange, response, failure, abort.signal.aborted);
  } catch (error) {
    answerError(exchange, response, error);
  } finally {
    finishExchange(runtime, exchange);
  }
}

function sendCached(exchange: Exchange, response: ServerResponse, hit: CachedAnswer): void {
  exchange.cacheHit = true;
  exchange.status = hit.status;
  if (exchange.stream) exchange.ttftMs = performance.now() - exchange.started;
  response.writeHead(hit.status, {
    "content-type": hit.contentType,
    "content-length": String(hit.body.length),
    "x-request-id": exchange.id,
    "x-tuneops-cache": "hit",
    "x-tuneops-overhead-ms": overheadMs(exchange).toFixed(3),
  });
  response.end(hit.body);
}

/** Every attempt failed before the first byte: the last upstream error as it came, or 502/504. */
function answerFailure(exchange: Exchange, response: ServerResponse, failure: AttemptFailure, clientGone: boolean): void {
  if (clientGone) {
    exchange.status = 499;
    exchange.error = "client_closed";
    return;
  }
  if (failure.refusal) return answerError(exchange, response, failure.refusal);
  const headers = { "x-request-id": exchange.id, "x-tuneops-overhead-ms": overheadMs(exchange).toFixed(3) };
  if (failure.status !== undefined && failure.body !== undefined && failure.body.length > 0) {
    exchange.status = failure.status;
    exchange.error = `upstream_${failure.status}`;
    if (response.headersSent || response.destroyed) return;
    response.writeHead(failure.status, { ...headers, "content-type": failure.contentType ?? "application/json", "content-length": String(failure.body.length) });
    response.end(failure.body);
    return;
  }
  const timedOut = isTimeout(failure.error);
  const error = timedOut
    ? new GatewayHttpError(504, { message: "The upstream did not answer in time.", type: "server_error", code: "upstream_timeout" })
    : new GatewayHttpError(502, { message: "The upstream could not be reached or failed.", type: "server_error", code: "upstream_unavailable" });
  answerError(exchange, response, error);
}

function answerError(exchange: Exchange, response: ServerResponse, error: unknown): void {
  if (error instanceof ClientAbortError) {
    exchange.status = 499;
    exchange.error = "client_closed";
    response.destroy();
    return;
  }
  const known = error instanceof GatewayHttpError ? error : new GatewayHttpError(500, { message: "The gateway failed while handling the request.", type: "server_error", code: "internal_error" });
  if (!(error instanceof GatewayHttpError)) process.emitWarning(`tuneops gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exchange.status = known.status;
  exchange.error = known.body.code ?? known.body.type;
  if (response.headersSent) {
    // After the first byte: a terminal error event, never a clean stop.
    if (!response.destroyed && !response.writableEnded) response.end(terminalErrorEvent(known.body.message, exchange.error));
    return;
  }
  sendError(response, known, { "x-request-id": exchange.id, "x-tuneops-overhead-ms": overheadMs(exchange).toFixed(3) });
}
