import type { DecisionReport } from "../decide/decision-report.js";
import { count as formatCount, percent as formatPercent, usd as formatUsd } from "../decide/format-decision.js";
import { paint } from "./ansi.js";
import { formatMs } from "./format.js";
import { renderTextTable, type TextCell } from "./text-table.js";

/** Plain-text names of the sensitivity analysis' assumptions. */
export function describeAssumption(assumption: string): string {
  const match = /^(quality|price_multiplier)\[(.+)\]$/.exec(assumption);
  if (match?.[1] === "quality") return `quality of ${match[2]}`;
  if (match?.[1] === "price_multiplier") return `token price of ${match[2]} (x)`;
  return assumption;
}

/** Formats an assumption's value in its unit. */
export function formatAssumptionValue(assumption: string, value: number): string {
  if (assumption.startsWith("quality[") || assumption.endsWith("utilisation")) return formatPercent(value);
  if (assumption.startsWith("price_multiplier[")) return `x${value.toPrecision(3)}`;
  if (assumption.endsWith("_usd")) return formatUsd(value);
  return formatCount(value);
}

function qualityText(option: DecisionReport["options"][number]): string {
  const { mean, ci_low: low, ci_high: high } = option.quality;
  if (mean === null) return "-";
  return `${formatPercent(mean)} [${low === null ? "-" : (low * 100).toFixed(1)}, ${high === null ? "-" : (high * 100).toFixed(1)}]`;
}

/** The decision for a terminal (or plain lines in CI when `color` is false). */
export function renderDecisionText(report: DecisionReport, options: { color: boolean; width?: number }): string {
  const { color } = options;
  const lines: string[] = [];
  const useCase = report.use_case;
  const quality = useCase.slo.quality;
  lines.push(paint(`decide: ${report.runs.map((run) => `${run.suite} (${run.id})`).join(", ")}`, "bold", color));
  lines.push(
    `  ${formatCount(useCase.volume_per_month)} requests a month, ${useCase.audience}; a success is worth ${formatUsd(useCase.value_per_success_usd)}, a failure costs ${formatUsd(useCase.cost_per_failure_usd)}` +
      (quality ? `; success = ${quality.metric}` : ""),
  );
  lines.push("");
  const rows = report.options.map((option): (TextCell | string)[] => {
    const failed = option.slo_checks.filter((check) => !check.passed).map((check) => check.name);
    const slo: TextCell = option.excluded !== null ? { text: "excluded", style: "yellow" } : option.meets_slo ? { text: "pass", style: "green" } : { text: `fail: ${failed.join(", ") || "not measured"}`, style: "red" };
    const recommended = option.id === report.recommendation.option;
    return [
      { text: `${recommended ? "* " : "  "}${option.id}${option.simulated ? " [simulated]" : ""}`, ...(recommended ? { style: "bold" as const } : {}) },
      option.kind,
      option.vendor,
      qualityText(option),
      formatMs(option.latency_p95_ms),
      option.cost_per_request_usd === null ? "-" : formatUsd(option.cost_per_request_usd),
      option.monthly_cost_usd === null ? "no price" : formatUsd(option.monthly_cost_usd),
      option.net_value_usd === null ? "-" : formatUsd(option.net_value_usd),
      slo,
    ];
  });
  lines.push(
    renderTextTable({
      columns: [
        { header: "option", align: "left" },
        { header: "kind", align: "left" },
        { header: "vendor", align: "left", shrinkable: true },
        { header: `quality [95% CI]`, align: "right" },
        { header: "p95", align: "right" },
        { header: "$/request", align: "right" },
        { header: "monthly cost", align: "right" },
        { header: "net value", align: "right" },
        { header: "service levels", align: "left", shrinkable: true },
      ],
      rows,
      color,
      ...(options.width === undefined ? {} : { width: options.width }),
    }),
  );
  for (const option of report.options) {
    if (option.excluded !== null) lines.push(paint(`  ${option.id}: ${option.excluded}`, "yellow", color));
    for (const note of option.notes) lines.push(paint(`  ${option.id}: ${note}`, "dim", color));
  }
  for (const warning of report.warnings) lines.push(paint(`  warning: ${warning}`, "yellow", color));
  lines.push("");
  lines.push(paint(`recommendation: ${report.recommendation.option ?? "none"}`, "bold", color));
  for (const reason of report.recommendation.reasons) lines.push(`  - ${reason}`);
  if (report.break_even.length > 0) {
    lines.push("", paint("break-even volumes (equal expected net value)", "bold", color));
    for (const entry of report.break_even) lines.push(`  ${entry.a} / ${entry.b}: ${formatCount(entry.volume)} requests a month (below: ${entry.below}, above: ${entry.above})`);
  }
  const flips = report.sensitivity.filter((entry) => entry.flips_at !== null);
  const steady = report.sensitivity.filter((entry) => entry.flips_at === null);
  lines.push("", paint("sensitivity: what would change the recommendation", "bold", color));
  if (flips.length === 0) lines.push("  nothing in the ranges searched (each assumption varied alone)");
  for (const entry of flips) {
    const at = formatAssumptionValue(entry.assumption, entry.flips_at ?? 0);
    const base = formatAssumptionValue(entry.assumption, entry.base);
    lines.push(`  ${describeAssumption(entry.assumption)}: ${base} now; ${entry.direction === "up" ? "above" : "below"} ${at} -> ${entry.new_option ?? "no option qualifies"}`);
  }
  if (steady.length > 0) lines.push(paint(`  no change within the ranges searched: ${steady.map((entry) => describeAssumption(entry.assumption)).join(", ")}`, "dim", color));
  return lines.join("\n");
}
