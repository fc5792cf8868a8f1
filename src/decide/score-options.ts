import type { TcoAssumptions } from "../cost/tco-assumptions.js";
import { marginalCostPerRequest, monthlyCost, netValue, type MonthlyCost } from "../cost/tco.js";
import type { PreparedOption } from "./prepare-option.js";
import type { ResolvedUseCase } from "./use-case.js";

/** Everything an option's score depends on that a sensitivity analysis may vary. */
export interface Scenario {
  volume: number;
  valuePerSuccessUsd: number;
  costPerFailureUsd: number;
  assumptions: TcoAssumptions;
  slo: ResolvedUseCase["slo"];
  /** Quality (success rate) by option id, replacing the measured mean. */
  quality?: ReadonlyMap<string, number>;
  /** Multiplies an option's token price. */
  priceMultiplier?: ReadonlyMap<string, number>;
}

export interface SloCheck {
  name: "quality" | "latency_p95_ms" | "cost_per_request_usd";
  target: number;
  /** Null when not measured (the check fails). */
  actual: number | null;
  passed: boolean;
}

export interface ScoredOption {
  option: PreparedOption;
  quality: number | null;
  cost: MonthlyCost | null;
  marginalUsdPerRequest: number | null;
  netValueUsd: number | null;
  checks: SloCheck[];
  meetsSlo: boolean;
  /** Not excluded, priced, measured and meeting every service level. */
  eligible: boolean;
}

function checksOf(option: PreparedOption, quality: number | null, marginal: number | null, scenario: Scenario): SloCheck[] {
  const checks: SloCheck[] = [];
  const { slo } = scenario;
  if (slo.quality !== null) {
    const shift = quality === null || option.quality === null ? 0 : quality - option.quality.mean;
    const actual = quality === null ? null : slo.quality.use === "ci_low" && option.quality !== null ? Math.max(0, option.quality.ciLow + shift) : quality;
    checks.push({ name: "quality", target: slo.quality.min, actual, passed: actual !== null && actual >= slo.quality.min });
  }
  if (slo.latencyP95Ms !== null) {
    checks.push({ name: "latency_p95_ms", target: slo.latencyP95Ms, actual: option.latencyP95Ms, passed: option.latencyP95Ms !== null && option.latencyP95Ms <= slo.latencyP95Ms });
  }
  if (slo.maxCostPerRequestUsd !== null) {
    checks.push({ name: "cost_per_request_usd", target: slo.maxCostPerRequestUsd, actual: marginal, passed: marginal !== null && marginal <= slo.maxCostPerRequestUsd });
  }
  return checks;
}

/** Scores one option under a scenario. */
export function scoreOption(option: PreparedOption, scenario: Scenario): ScoredOption {
  const quality = scenario.quality?.get(option.id) ?? option.quality?.mean ?? null;
  const multiplier = scenario.priceMultiplier?.get(option.id) ?? 1;
  const profile = option.profile === null ? null : { ...option.profile, inferenceUsdPerRequest: option.profile.inferenceUsdPerRequest * multiplier };
  const cost = profile === null ? null : monthlyCost({ volume: scenario.volume, profile, assumptions: scenario.assumptions });
  const marginal = profile === null ? null : marginalCostPerRequest({ profile, assumptions: scenario.assumptions });
  const netValueUsd =
    cost === null || quality === null
      ? null
      : netValue({ volume: scenario.volume, quality, valuePerSuccessUsd: scenario.valuePerSuccessUsd, costPerFailureUsd: scenario.costPerFailureUsd, monthlyCostUsd: cost.totalUsd });
  const checks = checksOf(option, quality, marginal, scenario);
  const meetsSlo = option.excluded === null && quality !== null && checks.every((check) => check.passed);
  return { option, quality, cost, marginalUsdPerRequest: marginal, netValueUsd, checks, meetsSlo, eligible: meetsSlo && netValueUsd !== null };
}

/**
 * The recommended option: of those eligible, the highest expected net value (ties go to the lower
 * monthly cost, then to the earlier option). Null when none is eligible.
 */
export function bestOption(scored: readonly ScoredOption[]): ScoredOption | null {
  let best: ScoredOption | null = null;
  for (const entry of scored) {
    if (!entry.eligible || entry.netValueUsd === null) continue;
    if (best === null || best.netValueUsd === null) {
      best = entry;
      continue;
    }
    const margin = entry.netValueUsd - best.netValueUsd;
    if (margin > 1e-9 || (Math.abs(margin) <= 1e-9 && (entry.cost?.totalUsd ?? Infinity) < (best.cost?.totalUsd ?? Infinity))) best = entry;
  }
  return best;
}

export function scenarioOf(useCase: ResolvedUseCase): Scenario {
  return { volume: useCase.volumePerMonth, valuePerSuccessUsd: useCase.valuePerSuccessUsd, costPerFailureUsd: useCase.costPerFailureUsd, assumptions: useCase.assumptions, slo: useCase.slo };
}
