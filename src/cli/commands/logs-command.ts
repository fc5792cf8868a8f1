import { resolve } from "node:path";
import type { Command } from "commander";
import type { RequestWithFeedback } from "../../spec/gateway-store.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { projectDirOf } from "../compose.js";
import { openProjectGatewayStore } from "../gateway-store.js";
import { forThisShell } from "../invocation.js";

function toJson(row: RequestWithFeedback): Record<string, unknown> {
  return {
    id: row.id,
    created_at: new Date(row.createdAt).toISOString(),
    endpoint: row.endpoint,
    route: row.route,
    target: row.target,
    model: row.model,
    status: row.status,
    key: row.keyName,
    stream: row.stream,
    latency_ms: row.latencyMs,
    ttft_ms: row.ttftMs,
    overhead_ms: row.overheadMs,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    usage_breakdown: row.breakdown,
    cost_usd: row.costUsd,
    cache_hit: row.cacheHit,
    attempts: row.attempts,
    guard_actions: row.guardActions,
    error: row.error,
    request_body: row.requestBody,
    response_body: row.responseBody,
    feedback: row.feedback.map((feedback) => ({ id: feedback.id, score: feedback.score, label: feedback.label, comment: feedback.comment, created_at: new Date(feedback.createdAt).toISOString() })),
  };
}

/** `tuneops logs`: the gateway's recent requests, newest first, with their feedback. */
export function registerLogsCommand(program: Command, context: CliContext): void {
  program
    .command("logs")
    .description("List the gateway's recent requests, newest first, with their feedback.")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--limit <n>", "how many", "20")
    .option("--json", "print JSON")
    .action(async (flags: { config: string; limit: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new TuneopsError({ code: "input_invalid", message: `--limit must be a whole number from 1 to 10000, got "${flags.limit}"`, location: { field: "--limit" } });
      }
      const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
      try {
        const rows = await store.listRequests({ limit });
        if (flags.json) {
          context.terminal.out(JSON.stringify(rows.map(toJson), null, 2));
          return;
        }
        if (rows.length === 0) {
          context.terminal.out(forThisShell(context, "no requests logged yet: start the gateway with `tuneops gateway`"));
          return;
        }
        for (const row of rows) {
          const tokens = row.inputTokens === null ? "-" : `${row.inputTokens}+${row.outputTokens ?? 0} tok`;
          const cost = row.costUsd === null ? "-" : `$${row.costUsd.toFixed(6)}`;
          const flags = [row.stream ? "stream" : "", row.cacheHit ? "cache-hit" : "", row.error ?? "", ...row.guardActions.map((action) => `${action.guard}:${action.action}`)].filter(Boolean).join(" ");
          const feedback = row.feedback.length === 0 ? "" : ` feedback=${row.feedback.map((entry) => entry.score ?? entry.label ?? "note").join(",")}`;
          context.terminal.out(
            `${new Date(row.createdAt).toISOString().replace("T", " ").slice(0, 23)}  ${row.id}  ${row.status}  ${row.route} -> ${row.target ?? "-"}  ${row.latencyMs.toFixed(1)} ms  ${tokens}  ${cost}${flags ? `  ${flags}` : ""}${feedback}`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
