import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { handleFeedback } from "./handle-feedback.js";
import { handleModelRequest, type ModelEndpoint } from "./handle-model-request.js";
import { listModels } from "./list-models.js";
import { GatewayHttpError, invalidRequest, sendError, sendJson } from "./openai-error.js";
import { answerClientError, authenticateEarly, ClientAbortError, refuseUnread } from "./refuse-early.js";
import { chatCompletionBody, completionBody, embeddingBody } from "./wire-schemas.js";

const endpoints: Record<string, ModelEndpoint> = {
  "/v1/chat/completions": { path: "/chat/completions", schema: chatCompletionBody, streams: true },
  "/v1/completions": { path: "/completions", schema: completionBody, streams: true },
  "/v1/embeddings": { path: "/embeddings", schema: embeddingBody, streams: false },
};

const otherPaths = new Set(["/v1/models", "/v1/feedback", "/metrics", "/healthz", "/readyz"]);

/** The gateway's HTTP server: a plain node:http server with one switch over the paths it serves. */
export function createGatewayServer(runtime: GatewayRuntime, options: { onRequestEnd?: () => void; onRequestStart?: () => void } = {}): Server {
  const server = createServer((request, response) => {
    options.onRequestStart?.();
    response.once("close", () => options.onRequestEnd?.());
    request.on("error", () => undefined);
    response.on("error", () => undefined);
    dispatch(runtime, request, response).catch((error: unknown) => {
      if (error instanceof ClientAbortError) {
        response.destroy();
        return;
      }
      const known =
        error instanceof GatewayHttpError ? error : new GatewayHttpError(500, { message: "The gateway failed while handling the request.", type: "server_error", code: "internal_error" });
      if (!(error instanceof GatewayHttpError)) process.emitWarning(`tuneops gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendError(response, known);
      else response.destroy();
    });
  });
  // Node's parser refusals (bad Content-Length, oversized headers) answer in OpenAI's error shape too.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => answerClientError(runtime.metrics, error, socket));
  // Outlive clients' idle sockets (most keep them 4-5 s) so the client decides when a keep-alive ends.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function dispatch(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = request.url ?? "/";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  const method = request.method ?? "GET";
  const endpoint = endpoints[path];
  if (endpoint) {
    if (method !== "POST") return refuseMethod(response, method, path, "POST");
    return handleModelRequest(runtime, endpoint, request, response);
  }
  if (!otherPaths.has(path)) {
    request.resume();
    return sendError(response, invalidRequest(`Unknown request URL: ${method} ${path}.`, { status: 404, code: "unknown_url" }));
  }
  if (path === "/v1/feedback") {
    if (method !== "POST") return refuseMethod(response, method, path, "POST");
    return handleFeedback(runtime, request, response);
  }
  request.resume();
  if (method !== "GET" && method !== "HEAD") return refuseMethod(response, method, path, "GET");
  switch (path) {
    case "/v1/models": {
      const identified = await authenticateEarly(runtime, request, response);
      if (!identified) return;
      if (identified.error) return refuseUnread(request, response, identified.error);
      return sendJson(response, 200, JSON.stringify(await listModels(runtime, { authorization: request.headers.authorization, key: identified.key })));
    }
    case "/metrics": {
      const text = runtime.metrics.render();
      response.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(text) });
      response.end(text);
      return;
    }
    case "/healthz":
      return sendJson(response, 200, '{"status":"ok"}');
    default:
      return sendJson(response, runtime.ready ? 200 : 503, runtime.ready ? '{"status":"ready"}' : '{"status":"draining"}');
  }
}

function refuseMethod(response: ServerResponse, method: string, path: string, allowed: string): void {
  sendError(response, invalidRequest(`Method ${method} is not allowed on ${path}; use ${allowed}.`, { status: 405, code: "method_not_allowed" }), { allow: allowed });
}
