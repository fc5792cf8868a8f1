import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { errorJson, GatewayHttpError, sendError } from "./openai-error.js";
import type { Identified } from "./virtual-keys.js";

/** A body this small is read and thrown away so the connection can be kept; a larger one closes it. */
const drainableBytes = 64 * 1024;

/**
 * Authenticates before the body is read. A request without a known key is answered 401 at once,
 * counted in `tuneops_gateway_unauthenticated_total` and not logged (a flood of them must not fill the
 * log); its body is discarded unread, and a large or chunked one ends the connection instead of being
 * received. Resolves with the key (undefined without keys in force), and the refusal for a known key
 * that may not be used (expired), which the caller logs with the key's name; undefined when answered.
 */
export async function authenticateEarly(runtime: GatewayRuntime, request: IncomingMessage, response: ServerResponse): Promise<Identified | undefined> {
  if (!runtime.keys.enabled) return { key: undefined, error: undefined };
  const identified = await runtime.keys.identify(request.headers.authorization);
  if (identified.error === undefined || identified.key !== undefined) return identified;
  runtime.metrics.unauthenticated.inc();
  refuseUnread(request, response, identified.error);
  return undefined;
}

/** Answers `error` without reading the body. */
export function refuseUnread(request: IncomingMessage, response: ServerResponse, error: GatewayHttpError): void {
  const declared = Number(request.headers["content-length"] ?? 0);
  const small = request.headers["transfer-encoding"] === undefined && Number.isFinite(declared) && declared <= drainableBytes;
  // Discarded as it comes, never buffered; past the small size the socket closes after the answer.
  request.resume();
  sendError(response, error, small ? {} : { connection: "close" });
}

/** A client that hung up before its body was complete: not the gateway's failure. */
export class ClientAbortError extends Error {
  constructor() {
    super("the client closed the connection before the request body was complete");
    this.name = "ClientAbortError";
  }
}

const parserErrors: Record<string, { status: number; reason: string; message: string; code: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: "Request Header Fields Too Large", message: "The request's headers are too large.", code: "headers_too_large" },
  HPE_INVALID_CONTENT_LENGTH: { status: 400, reason: "Bad Request", message: "The request's Content-Length header is not valid.", code: "invalid_content_length" },
  HPE_UNEXPECTED_CONTENT_LENGTH: { status: 400, reason: "Bad Request", message: "The request has both Content-Length and Transfer-Encoding, or several Content-Length headers.", code: "invalid_content_length" },
  HPE_INVALID_TRANSFER_ENCODING: { status: 400, reason: "Bad Request", message: "The request's Transfer-Encoding header is not valid.", code: "invalid_transfer_encoding" },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, reason: "Payload Too Large", message: "The request's chunk extensions are too large.", code: "invalid_chunk" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: "Request Timeout", message: "The request was not received in time.", code: "request_timeout" },
};

/**
 * The server's 'clientError' handler: Node's own HTTP parser refused the request (bad Content-Length,
 * oversized headers, malformed request line) before any handler ran. It answers in OpenAI's error shape
 * where the socket still lets it write, and counts the refusal.
 */
export function answerClientError(metrics: { clientErrors: { inc(labels: string[]): void } }, error: NodeJS.ErrnoException & { bytesParsed?: number }, socket: Duplex): void {
  const code = error.code ?? "";
  if (code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = parserErrors[code] ?? { status: 400, reason: "Bad Request", message: "The request is not valid HTTP.", code: "invalid_http" };
  metrics.clientErrors.inc([known.code]);
  const body = errorJson({ message: known.message, type: "invalid_request_error", param: null, code: known.code });
  socket.end(`HTTP/1.1 ${known.status} ${known.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
