import type { ServerResponse } from "node:http";

/**
 * Errors as OpenAI's API returns them (`{"error": {message, type, param, code}}`), so official clients
 * raise their usual exception classes. `type` follows OpenAI's vocabulary where one fits.
 */
export interface GatewayErrorBody {
  message: string;
  type: string;
  param?: string | null;
  code?: string | null;
}

export class GatewayHttpError extends Error {
  readonly status: number;
  readonly body: GatewayErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: GatewayErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = "GatewayHttpError";
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function errorJson(body: GatewayErrorBody): string {
  return JSON.stringify({ error: { message: body.message, type: body.type, param: body.param ?? null, code: body.code ?? null } });
}

export function sendJson(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendError(response: ServerResponse, error: GatewayHttpError, headers: Record<string, string> = {}): void {
  sendJson(response, error.status, errorJson(error.body), { ...error.headers, ...headers });
}

export const invalidRequest = (message: string, options: { param?: string; code?: string; status?: number } = {}): GatewayHttpError =>
  new GatewayHttpError(options.status ?? 400, { message, type: "invalid_request_error", param: options.param ?? null, code: options.code ?? null });
