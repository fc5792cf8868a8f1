import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { GatewayHttpError, invalidRequest } from "./openai-error.js";
import { ClientAbortError } from "./refuse-early.js";
import { paramName } from "./wire-schemas.js";

/**
 * Reads a request body up to `maxBytes`; a larger one is refused with 413 without buffering the rest. A
 * client that hangs up before the body is complete rejects with `ClientAbortError` (a 499, not a 500).
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners("data");
        request.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    // Node reports a hang-up mid-body as an 'aborted' error (ECONNRESET), then 'close' without 'end'.
    request.once("error", (error) => reject(request.complete ? error : new ClientAbortError()));
    request.once("close", () => {
      if (!request.complete) reject(new ClientAbortError());
    });
  });
}

function tooLarge(maxBytes: number): GatewayHttpError {
  return invalidRequest(`Request body too large: the limit is ${maxBytes} bytes (gateway.max_body_bytes).`, { status: 413, code: "request_too_large" });
}

/** Parses a JSON object body and checks it against `schema`, with OpenAI-style messages naming the parameter. */
export function parseBody<Schema extends z.ZodType>(bytes: Buffer, schema: Schema): z.infer<Schema> {
  if (bytes.length === 0) throw invalidRequest("The request body is empty; send a JSON object.", { code: "invalid_json" });
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw invalidRequest("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)", { code: "invalid_json" });
  }
  // Deep nesting would overflow the stack of the code that walks bodies (cache keys, serialisation);
  // no real request nests anywhere near this deep. A body this short cannot nest this deep.
  if (bytes.length > maxDepth && nestingDepth(bytes) > maxDepth) {
    throw invalidRequest(`The JSON body nests deeper than ${maxDepth} levels.`, { code: "invalid_json" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest("The request body must be a JSON object.", { code: "invalid_json" });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue ? paramName(issue.path) : "";
  const missing = issue?.code === "invalid_type" && valueAt(value, issue.path) === undefined;
  const message = missing ? `Missing required parameter: '${param}'.` : `Invalid value for '${param || "body"}': ${issue?.message ?? "invalid"}.`;
  throw invalidRequest(message, { param, code: missing ? "missing_required_parameter" : "invalid_value" });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

const maxDepth = 128;

/** Deepest nesting of arrays and objects in JSON bytes (strings skipped). */
export function nestingDepth(bytes: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (inString) {
      if (byte === 0x5c) index++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return deepest;
}
