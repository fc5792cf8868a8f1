import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { gatewaySchema, type GatewayInput } from "../../config/gateway-schema.js";
import { loadPriceTable } from "../../cost/price-table.js";
import type { GatewayStore } from "../../spec/gateway-store.js";
import { openGatewayStore } from "../../store/open-gateway-store.js";
import { startGateway, type RunningGateway, type StartGatewayOptions } from "../start-gateway.js";

/** A gateway on a free port over a fresh SQLite store, with the official OpenAI client pointed at it. */
export interface TestGateway {
  gateway: RunningGateway;
  /** Base URL with /v1. */
  baseUrl: string;
  client: (apiKey?: string) => OpenAI;
  /** Writes pending log rows and reads them back, newest first. */
  logs: () => ReturnType<GatewayStore["listRequests"]>;
  /** Runs work on another connection to the gateway's store (as `tuneops gateway keys` would). */
  useStore: <T>(work: (store: GatewayStore) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

/** Test prices: $1 per million input tokens, $2 per million output tokens for `mock-model`. */
export const testPrices = { "mock-model": { input_per_mtok: 1, output_per_mtok: 2 } };

export async function startTestGateway(input: GatewayInput, options: { env?: Record<string, string>; now?: () => number; seedStore?: (store: GatewayStore) => Promise<void>; routeOverrides?: StartGatewayOptions["routeOverrides"] } = {}): Promise<TestGateway> {
  const folder = mkdtempSync(join(tmpdir(), "tuneops-gateway-"));
  const path = join(folder, "tuneops.db");
  if (options.seedStore) {
    const seed = await openGatewayStore({ sqlitePath: path });
    await options.seedStore(seed);
    await seed.close();
  }
  const store = await openGatewayStore({ sqlitePath: path });
  const reader = await openGatewayStore({ sqlitePath: path });
  const gateway = await startGateway({
    config: gatewaySchema.parse({ port: 1, ...input }),
    store,
    prices: loadPriceTable({ overrides: testPrices }),
    readSecret: (name) => options.env?.[name],
    port: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.routeOverrides ? { routeOverrides: options.routeOverrides } : {}),
  });
  const baseUrl = `${gateway.url}/v1`;
  return {
    gateway,
    baseUrl,
    client: (apiKey = "unused") => new OpenAI({ baseURL: baseUrl, apiKey, maxRetries: 0 }),
    async logs() {
      await gateway.runtime.logger.flush();
      return reader.listRequests({ limit: 10_000 });
    },
    async useStore(work) {
      const other = await openGatewayStore({ sqlitePath: path });
      try {
        return await work(other);
      } finally {
        await other.close();
      }
    },
    async close() {
      await gateway.close({ graceMs: 1_000 });
      await reader.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
