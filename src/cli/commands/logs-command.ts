import { resolve } from "node:path";
import type { Command } from "commander";
import type { RequestWithFeedback } from "../../spec/gateway-store.js";
import { TuneopsError } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { projectDirOf } from "../compose.js";
import { openProjectGatewayStore } from "../gateway-store.js";
import { forThisShell } from "../invocation.js";
import { logFilterOf, type LogFilterFlags } from "../log-filters.js";

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

const columns = ["TIME", "ID", "STATUS", "KEY", "ROUTE -> TARGET", "LATENCY", "TOKENS", "COST", "NOTES"] as const;

function cellsOf(row: RequestWithFeedback): string[] {
  const tokens = row.inputTokens === null ? "-" : `${row.inputTokens}+${row.outputTokens ?? 0}`;
  const cost = row.costUsd === null ? "-" : `$${row.costUsd.toFixed(6)}`;
  const notes = [row.stream ? "stream" : "", row.cacheHit ? "cache-hit" : "", row.error ?? "", ...row.guardActions.map((action) => `${action.guard}:${action.action}`)];
  if (row.feedback.length > 0) notes.push(`feedback=${row.feedback.map((entry) => entry.score ?? entry.label ?? "note").join(",")}`);
  return [
    new Date(row.createdAt).toISOString().replace("T", " ").slice(0, 23),
    row.id,
    String(row.status),
    row.keyName ?? "-",
    `${row.route || "-"} -> ${row.target ?? "-"}`,
    `${row.latencyMs.toFixed(1)} ms`,
    tokens,
    cost,
    notes.filter(Boolean).join(" "),
  ];
}

/** A header row and one aligned row per request (the last column unpadded). */
export function formatLogTable(rows: readonly RequestWithFeedback[]): string[] {
  const table = [[...columns], ...rows.map(cellsOf)];
  const widths = columns.map((_, index) => Math.max(...table.map((cells) => cells[index]?.length ?? 0)));
  return table.map((cells) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join("  ").trimEnd());
}

interface LogsFlags extends LogFilterFlags {
  config: string;
  limit: string;
  json?: boolean;
}

/** `tuneops logs`: the gateway's recent requests, newest first, with their feedback, narrowed by filters. */
export function registerLogsCommand(program: Command, context: CliContext): void {
  program
    .command("logs")
    .description("List the gateway's recent requests, newest first, with their feedback.")
    .option("-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml")
    .option("--limit <n>", "how many", "20")
    .option("--route <name>", "only this route (model alias as logged)")
    .option("--key <name>", "only requests made with this virtual key")
    .option("--status <status>", "only this status (429), class (4xx) or range (500-599)")
    .option("--since <when>", "from this time (ISO 8601) or this long ago (15m, 2h, 7d)")
    .option("--until <when>", "before this time (ISO 8601) or this long ago (15m, 2h, 7d)")
    .option("--search <text>", "text in the id, model, target, error or logged bodies (any case)")
    .option("--json", "print JSON")
    .action(async (flags: LogsFlags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new TuneopsError({ code: "input_invalid", message: `--limit must be a whole number from 1 to 10000, got "${flags.limit}"`, location: { field: "--limit" } });
      }
      const filter = logFilterOf(flags, Date.now());
      const filtered = Object.keys(filter).length > 0;
      const store = await openProjectGatewayStore(context, projectDirOf(resolve(flags.config)));
      try {
        const rows = await store.listRequests({ limit, ...filter });
        if (flags.json) {
          context.terminal.out(JSON.stringify(rows.map(toJson), null, 2));
          return;
        }
        if (rows.length === 0) {
          context.terminal.out(filtered ? "no logged request matches these filters" : forThisShell(context, "no requests logged yet: start the gateway with `tuneops gateway`"));
          return;
        }
        for (const line of formatLogTable(rows)) context.terminal.out(line);
      } finally {
        await store.close();
      }
    });
}
