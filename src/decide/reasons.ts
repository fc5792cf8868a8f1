import type { BreakEven } from "../cost/break-even.js";
import { count, percent, usd } from "./format-decision.js";
import type { ScoredOption, SloCheck } from "./score-options.js";

export function describeCheck(check: SloCheck): string {
  const met = check.passed ? (check.name === "quality" ? ">=" : "<=") : check.name === "quality" ? "<" : ">";
  if (check.actual === null) return `${check.name.replace(/_/g, " ")} not measured`;
  if (check.name === "quality") return `quality ${percent(check.actual)} ${met} ${percent(check.target)}`;
  if (check.name === "latency_p95_ms") return `p95 ${count(check.actual)} ms ${met} ${count(check.target)} ms`;
  return `${usd(check.actual)} a request ${met} ${usd(check.target)}`;
}

function overlaps(a: ScoredOption, b: ScoredOption): boolean {
  const x = a.option.quality;
  const y = b.option.quality;
  return x !== null && y !== null && x.ciLow <= y.ciHigh && y.ciLow <= x.ciHigh;
}

function whyNot(entry: ScoredOption): string {
  if (entry.option.excluded !== null) return entry.option.excluded;
  if (entry.cost === null) return "its tokens have no price";
  if (entry.quality === null) return "its quality metric was not measured";
  const failed = entry.checks.filter((check) => !check.passed);
  if (failed.length > 0) return `misses ${failed.map(describeCheck).join("; ")}`;
  return `expected net value ${usd(entry.netValueUsd ?? 0)} a month`;
}

/** The reasons for the recommendation, in the order people ask them. */
export function recommendationReasons(options: { scored: readonly ScoredOption[]; best: ScoredOption | null; breakEven: readonly BreakEven[]; volume: number }): string[] {
  const { scored, best } = options;
  if (best === null) {
    const reasons = ["no option meets every service level (and the data-sensitivity rule)"];
    for (const entry of scored) reasons.push(`${entry.option.id}: ${whyNot(entry)}`);
    return reasons;
  }
  const reasons: string[] = [];
  const id = best.option.id;
  const checks = best.checks.map(describeCheck);
  reasons.push(checks.length > 0 ? `meets every service level: ${checks.join("; ")}` : "no service levels are set; chosen on expected net value alone");
  const others = scored.filter((entry) => entry !== best && entry.eligible).sort((a, b) => (b.netValueUsd ?? 0) - (a.netValueUsd ?? 0));
  const next = others[0];
  const value = `expected net value ${usd(best.netValueUsd ?? 0)} a month at ${count(options.volume)} requests (total cost ${usd(best.cost?.totalUsd ?? 0)})`;
  reasons.push(next === undefined ? `the only option that qualifies: ${value}` : `highest ${value}, ${usd((best.netValueUsd ?? 0) - (next.netValueUsd ?? 0))} more than ${next.option.id}`);
  if ((best.netValueUsd ?? 0) < 0) reasons.push(`its expected net value is negative: at ${count(options.volume)} requests a month the work does not pay for what it costs; it is still the best qualifying option`);
  if (next !== undefined && best.option.quality !== null && next.option.quality !== null) {
    reasons.push(
      overlaps(best, next)
        ? `its quality cannot be told apart from ${next.option.id}'s (95% intervals overlap): cost decides`
        : `its quality differs from ${next.option.id}'s beyond the 95% intervals (${percent(best.option.quality.mean)} against ${percent(next.option.quality.mean)})`,
    );
  }
  const baselines = scored.filter((entry) => entry.option.kind === "baseline" && entry !== best);
  if (best.option.kind === "baseline") reasons.push("no generative model is needed: the classical baseline does the job");
  for (const baseline of baselines) reasons.push(`the no-LLM baseline ${baseline.option.id} is not enough: ${whyNot(baseline)}`);
  for (const crossing of options.breakEven) {
    if (crossing.a !== id && crossing.b !== id) continue;
    const other = crossing.a === id ? crossing.b : crossing.a;
    const otherEntry = scored.find((entry) => entry.option.id === other);
    if (!otherEntry?.eligible) continue;
    const side = crossing.volume > options.volume ? "above" : "below";
    if (crossing[side] === other) reasons.push(`${other} would be worth more ${side} ${count(crossing.volume)} requests a month (break-even)`);
  }
  return reasons;
}
