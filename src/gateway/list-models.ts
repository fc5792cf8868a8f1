import { z } from "zod";
import type { GatewayRuntime } from "./gateway-runtime.js";
import { callUpstream, readAll } from "./upstream-call.js";
import type { VirtualKey } from "./virtual-keys.js";

const upstreamModels = z.object({ data: z.array(z.looseObject({ id: z.string() })) });

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
  [key: string]: unknown;
}

/**
 * GET /v1/models: the configured aliases, plus, when a catch-all route forwards any model, the models
 * of its first target (which the client can name directly).
 */
export async function listModels(runtime: GatewayRuntime, options: { authorization: string | undefined; key: VirtualKey | undefined }): Promise<{ object: "list"; data: ModelEntry[] }> {
  const { authorization, key } = options;
  const aliases = runtime.routes.aliases().filter((alias) => key === undefined || runtime.keys.ring.allows(key, alias));
  const data: ModelEntry[] = aliases.map((id) => ({ id, object: "model", created: 0, owned_by: "tuneops" }));
  // A key limited to some routes or models is shown only those.
  const catchAll = key?.routes !== undefined || key?.models !== undefined ? undefined : runtime.routes.catchAll;
  const target = catchAll?.weighted[0]?.target;
  if (catchAll && target) {
    try {
      const response = await callUpstream({ target, path: "/models", method: "GET", clientAuthorization: runtime.keys.enabled ? undefined : authorization, signal: AbortSignal.timeout(target.timeoutMs) });
      const bytes = await readAll(response.body);
      const parsed = response.statusCode === 200 ? upstreamModels.safeParse(JSON.parse(bytes.toString("utf8"))) : undefined;
      const known = new Set(data.map((entry) => entry.id));
      for (const model of parsed?.success ? parsed.data.data : []) {
        if (!known.has(model.id)) data.push({ object: "model", created: 0, owned_by: "upstream", ...model });
      }
    } catch {
      // The aliases alone still answer the question; an unreachable upstream shows in its own requests.
    }
  }
  return { object: "list", data };
}
