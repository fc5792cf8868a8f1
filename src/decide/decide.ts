import type { UseCaseConfig } from "../config/use-case-schema.js";
import { breakEvenVolumes } from "../cost/break-even.js";
import type { PriceTable } from "../cost/price-table.js";
import { monthlyCost } from "../cost/tco.js";
import type { RunSummary } from "../spec/run-summary.js";
import { decisionCandidates } from "./decision-candidate.js";
import type { DecisionOptionReport, DecisionReport } from "./decision-report.js";
import { prepareOption, type PreparedOption } from "./prepare-option.js";
import { recommendationReasons } from "./reasons.js";
import { bestOption, scenarioOf, scoreOption, type ScoredOption } from "./score-options.js";
import { sensitivity } from "./sensitivity.js";
import { resolveUseCase, useCaseForSuites } from "./use-case.js";

export interface DecideInput {
  /** Stored runs: their summaries and the configuration snapshots they were planned from. */
  runs: readonly { summary: RunSummary; config: unknown }[];
  useCase: UseCaseConfig;
  prices: PriceTable;
  /** Requests a month instead of the use case's (a "what if" from the command line). */
  volumePerMonth?: number;
}

function optionReport(scored: ScoredOption): DecisionOptionReport {
  const { option } = scored;
  return {
    id: option.id,
    kind: option.kind,
    vendor: option.vendor,
    model: option.model,
    run: option.runId,
    simulated: option.simulated,
    monthly_cost_usd: scored.cost?.totalUsd ?? null,
    cost_lines: scored.cost?.lines ?? [],
    cost_per_request_usd: scored.marginalUsdPerRequest,
    quality: {
      metric: option.quality?.metric ?? "",
      mean: option.quality?.mean ?? null,
      ci_low: option.quality?.ciLow ?? null,
      ci_high: option.quality?.ciHigh ?? null,
      n: option.quality?.n ?? null,
    },
    latency_p95_ms: option.latencyP95Ms,
    slo_checks: scored.checks,
    meets_slo: scored.meetsSlo,
    net_value_usd: scored.netValueUsd,
    excluded: option.excluded,
    notes: option.notes,
  };
}

function curves(prepared: readonly PreparedOption[], volume: number, assumptions: ReturnType<typeof resolveUseCase>["assumptions"]): DecisionReport["cost_curves"] {
  const low = Math.max(1, volume / 100);
  const high = Math.max(low * 10, volume * 100);
  const points = 49;
  const volumes = Array.from({ length: points }, (_, index) => low * Math.pow(high / low, index / (points - 1)));
  return {
    volumes,
    options: prepared
      .filter((option) => option.profile !== null && option.excluded === null)
      .map((option) => ({ id: option.id, monthly_cost_usd: volumes.map((at) => monthlyCost({ volume: at, profile: option.profile!, assumptions }).totalUsd) })),
  };
}

/**
 * Weighs every measured option (no-LLM baseline, prompting on each model, RAG, fine-tuned,
 * self-hosted) against the use case: monthly total cost, quality with its interval, service levels,
 * expected net value, break-even volumes between options, the recommendation with its reasons, and the
 * assumptions that would change it. Pure: runs, prices and the use case in; a report out.
 */
export function decide(input: DecideInput): DecisionReport {
  const suites = input.runs.map((run) => run.summary.run.suite);
  const resolved = resolveUseCase(useCaseForSuites(input.useCase, suites));
  const useCase = input.volumePerMonth === undefined ? resolved : { ...resolved, volumePerMonth: input.volumePerMonth };
  const candidates = decisionCandidates({ runs: input.runs, facts: useCase.candidates });
  const prepared = candidates.map((candidate) => prepareOption({ candidate, useCase, prices: input.prices }));
  const scenario = scenarioOf(useCase);
  const scored = prepared.map((option) => scoreOption(option, scenario));
  const best = bestOption(scored);
  const comparable = scored.filter((entry) => entry.netValueUsd !== null && entry.option.excluded === null);
  const net = (id: string, volume: number): number => {
    const option = prepared.find((entry) => entry.id === id)!;
    return scoreOption(option, { ...scenario, volume }).netValueUsd ?? Number.NEGATIVE_INFINITY;
  };
  const breakEven = comparable.flatMap((a, index) =>
    comparable.slice(index + 1).flatMap((b) => breakEvenVolumes({ a: a.option.id, b: b.option.id, net, maxVolume: Math.max(useCase.volumePerMonth * 100, 1e6) })),
  );
  const runnerUp = comparable.filter((entry) => entry !== best).sort((x, y) => (y.netValueUsd ?? 0) - (x.netValueUsd ?? 0))[0];
  const focus = [best?.option.id, runnerUp?.option.id].filter((id): id is string => id !== undefined);
  const flips = sensitivity({ prepared, scenario, focus });
  const measured = new Set(input.runs.flatMap((run) => run.summary.candidates.map((candidate) => candidate.id)));
  const warnings = Object.keys(useCase.candidates)
    .filter((id) => !measured.has(id))
    .map((id) => `use_case.candidates.${id}: no candidate "${id}" in the runs weighed (candidates: ${[...measured].join(", ")})`);
  return {
    schema_version: 1,
    runs: input.runs.map((run) => ({ id: run.summary.run.id, suite: run.summary.run.suite })),
    use_case: {
      audience: useCase.audience,
      volume_per_month: useCase.volumePerMonth,
      value_per_success_usd: useCase.valuePerSuccessUsd,
      cost_per_failure_usd: useCase.costPerFailureUsd,
      slo: { quality: useCase.slo.quality, latency_p95_ms: useCase.slo.latencyP95Ms, max_cost_per_request_usd: useCase.slo.maxCostPerRequestUsd },
      allowed_vendors: useCase.allowedVendors,
      assumptions: useCase.assumptions,
    },
    options: scored.map(optionReport),
    recommendation: { option: best?.option.id ?? null, reasons: recommendationReasons({ scored, best, breakEven, volume: useCase.volumePerMonth }) },
    break_even: breakEven,
    sensitivity: flips.map((entry) => ({ assumption: entry.assumption, base: entry.base, flips_at: entry.flipsAt, new_option: entry.newOption, direction: entry.direction, range: entry.range })),
    warnings,
    cost_curves: curves(prepared, useCase.volumePerMonth, useCase.assumptions),
  };
}
