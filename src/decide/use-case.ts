import type { CandidateFacts, UseCaseConfig, UseCaseOverride } from "../config/use-case-schema.js";
import { resolveTcoAssumptions, type TcoAssumptions } from "../cost/tco-assumptions.js";
import { TuneopsError } from "../spec/errors.js";

/** The use case of one suite, with defaults applied: what `decide` weighs options against. */
export interface ResolvedUseCase {
  audience: "customer-facing" | "internal";
  volumePerMonth: number;
  valuePerSuccessUsd: number;
  costPerFailureUsd: number;
  slo: {
    quality: { metric: string; min: number; use: "mean" | "ci_low" } | null;
    latencyP95Ms: number | null;
    maxCostPerRequestUsd: number | null;
  };
  /** Null: every vendor may see the data. */
  allowedVendors: string[] | null;
  assumptions: TcoAssumptions;
  candidates: Record<string, CandidateFacts>;
}

type Nested = "slo" | "people" | "evaluation" | "fine_tuning" | "self_hosting" | "candidates" | "data_sensitivity";
const nested: readonly Nested[] = ["slo", "people", "evaluation", "fine_tuning", "self_hosting", "candidates", "data_sensitivity"];

/** The project's use case with one suite's overrides merged over it (objects one level deep). */
export function useCaseForSuite(useCase: UseCaseConfig, suite: string): UseCaseConfig {
  const override: UseCaseOverride | undefined = useCase.suites?.[suite];
  if (override === undefined) return useCase;
  const merged: Record<string, unknown> = { ...useCase, ...override };
  for (const key of nested) {
    const base = useCase[key];
    const over = override[key];
    if (base !== undefined && over !== undefined) merged[key] = { ...base, ...over };
  }
  return merged as UseCaseConfig;
}

/** Applies the defaults (docs/decide.md) to a use case as written. */
export function resolveUseCase(useCase: UseCaseConfig): ResolvedUseCase {
  const quality = useCase.slo?.quality;
  return {
    audience: useCase.audience,
    volumePerMonth: useCase.volume_per_month,
    valuePerSuccessUsd: useCase.value_per_success_usd,
    costPerFailureUsd: useCase.cost_per_failure_usd,
    slo: {
      quality: quality === undefined ? null : { metric: quality.metric, min: quality.min, use: quality.use },
      latencyP95Ms: useCase.slo?.latency_p95_ms ?? null,
      maxCostPerRequestUsd: useCase.slo?.max_cost_per_request_usd ?? null,
    },
    allowedVendors: useCase.data_sensitivity?.allowed_vendors ?? null,
    assumptions: resolveTcoAssumptions(useCase),
    candidates: useCase.candidates ?? {},
  };
}

/** The one use case that runs of these suites share; runs of suites with different use cases cannot be weighed together. */
export function useCaseForSuites(useCase: UseCaseConfig, suites: readonly string[]): UseCaseConfig {
  const [first, ...rest] = [...new Set(suites)];
  if (first === undefined) return useCase;
  const chosen = useCaseForSuite(useCase, first);
  for (const suite of rest) {
    if (JSON.stringify(useCaseForSuite(useCase, suite)) !== JSON.stringify(chosen)) {
      throw new TuneopsError({
        code: "input_invalid",
        message: `runs of suites "${first}" and "${suite}" have different use cases (use_case.suites overrides); weigh one use case at a time`,
        location: { field: "use_case.suites" },
        hint: "Pass runs of one suite with --run, or --suite NAME.",
      });
    }
  }
  return chosen;
}
