import { parentPort, workerData } from "node:worker_threads";
import type { RequestLogRecord } from "../spec/gateway-store.js";
import { openGatewayStore } from "./open-gateway-store.js";
import type { OpenStoreOptions } from "./open-store.js";

/**
 * The thread that writes the gateway's request logs (see threaded-request-writer.ts): SQLite writes are
 * synchronous, so they run here, off the thread that serves requests.
 */
type Message = { type: "insert"; id: number; rows: RequestLogRecord[] } | { type: "close"; id: number };

const port = parentPort;
if (port) {
  const opening = openGatewayStore(workerData as OpenStoreOptions);
  opening.then(
    () => port.postMessage({ type: "ready" }),
    (error: unknown) => port.postMessage({ type: "ready", error: error instanceof Error ? error.message : String(error) }),
  );
  port.on("message", (message: Message) => {
    void (async () => {
      try {
        const store = await opening;
        if (message.type === "insert") await store.insertRequests(message.rows);
        else await store.close();
        port.postMessage({ type: "done", id: message.id });
      } catch (error) {
        port.postMessage({ type: "done", id: message.id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
}
