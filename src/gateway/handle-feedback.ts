import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { GatewayHttpError, sendJson } from "./openai-error.js";
import { parseBody, readBody } from "./read-body.js";
import { authenticateEarly, refuseUnread } from "./refuse-early.js";
import { feedbackBody } from "./wire-schemas.js";

/**
 * POST /v1/feedback: a score (0..1) or thumbs, a label and a comment on one request, by its id (the
 * `x-request-id` of the response). Stored at once and joined with the request's log row.
 */
export async function handleFeedback(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const identified = await authenticateEarly(runtime, request, response);
  if (!identified) return;
  if (identified.error) return refuseUnread(request, response, identified.error);
  const { key } = identified;
  const body = parseBody(await readBody(request, 64 * 1024), feedbackBody);
  // The request's row may still wait in the batch: write it first so the join finds it.
  await runtime.logger.flush();
  const logged = await runtime.store.getRequest(body.request_id);
  if (!logged) {
    throw new GatewayHttpError(404, { message: `No request with id '${body.request_id}' is logged.`, type: "invalid_request_error", param: "request_id", code: "request_not_found" });
  }
  // Only the key that made the request, or an admin key, may judge it.
  if (key !== undefined && key.admin !== true && logged.keyName !== key.name) {
    throw new GatewayHttpError(403, {
      message: `The request '${body.request_id}' was not made with the key "${key.name}"; only its own key or an admin key may give feedback on it.`,
      type: "invalid_request_error",
      param: "request_id",
      code: "feedback_not_allowed",
    });
  }
  const score = body.score ?? (body.thumbs === undefined ? null : body.thumbs === "up" ? 1 : 0);
  const id = `fb_${randomUUID().replaceAll("-", "")}`;
  const thumbs = body.thumbs ?? null;
  await runtime.store.insertFeedback({ id, requestId: body.request_id, score, thumbs, label: body.label ?? null, comment: body.comment ?? null, createdAt: Date.now() });
  sendJson(response, 201, JSON.stringify({ id, object: "feedback", request_id: body.request_id, score, thumbs, label: body.label ?? null, comment: body.comment ?? null }));
}
