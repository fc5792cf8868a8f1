import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sendBody } from "../../providers/testing/mock-server.js";

/**
 * A local server for a protocol mock that needs the raw request body (the fine-tuning APIs upload
 * files as multipart forms, which the JSON mock core of `providers/testing` would try to parse).
 * `route` answers each request; a route that throws is answered by `onError`.
 */
export async function listenRawMock(options: {
  route: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<void>;
  onError: (response: ServerResponse, error: unknown) => void;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      options.route(request, response, Buffer.concat(chunks)).catch((error: unknown) => options.onError(response, error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A JSON response with its length. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendBody(response, { status, contentType: "application/json", body: JSON.stringify(body) });
}
