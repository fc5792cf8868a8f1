import { costOfUsage } from "../cost/cost-of-usage.js";
import type { PriceTable } from "../cost/price-table.js";
import type { OptionCostProfile, OptionKind } from "../cost/tco.js";
import type { MetricSummary } from "../spec/run-summary.js";
import type { DecisionCandidate } from "./decision-candidate.js";
import type { ResolvedUseCase } from "./use-case.js";

/** An option with everything measured or looked up once; scoring it under a scenario is arithmetic. */
export interface PreparedOption {
  id: string;
  kind: OptionKind;
  vendor: string;
  model: string;
  runId: string;
  simulated: boolean;
  /** The use case's quality metric as measured; null when the run has no such metric on a [0, 1] scale. */
  quality: { mean: number; ciLow: number; ciHigh: number; n: number; metric: string } | null;
  latencyP95Ms: number | null;
  /** Null when its tokens cannot be priced. */
  profile: OptionCostProfile | null;
  /** Set when the data-sensitivity rule excludes it. */
  excluded: string | null;
  /** Where a figure came from, or why one is missing. */
  notes: string[];
}

function qualityOf(metrics: readonly MetricSummary[], metric: string, notes: string[]): PreparedOption["quality"] {
  const found = metrics.find((entry) => entry.name === metric);
  if (found === undefined) {
    notes.push(`no metric "${metric}" in its run (metrics: ${metrics.map((entry) => entry.name).join(", ")})`);
    return null;
  }
  if (found.kind === "corpus" || found.mean === null || found.mean < 0 || found.mean > 1) {
    notes.push(`metric "${metric}" is not a share in [0, 1], so it cannot be a success rate`);
    return null;
  }
  return { mean: found.mean, ciLow: found.ci_low ?? found.mean, ciHigh: found.ci_high ?? found.mean, n: found.n, metric };
}

function priceOf(options: { candidate: DecisionCandidate; prices: PriceTable; notes: string[] }): { usdPerRequest: number | null; training: number | null; hosting: number } {
  const { candidate, prices, notes } = options;
  const efficiency = candidate.summary.efficiency;
  const inputTokens = candidate.facts.input_tokens_per_request ?? efficiency.input_tokens_mean ?? 0;
  const outputTokens = candidate.facts.output_tokens_per_request ?? efficiency.output_tokens_mean ?? 0;
  const explicitModel = candidate.facts.model !== undefined;
  const entry = prices.lookup(candidate.model);
  const base = candidate.facts.base_model;
  const training = entry?.trainingPerMtok ?? (base === undefined ? undefined : (prices.lookup(`ft:${base}`)?.trainingPerMtok ?? prices.lookup(base)?.trainingPerMtok));
  const hosting = entry?.hostingPerHour ?? 0;
  if (candidate.kind === "self-hosted") return { usdPerRequest: 0, training: training ?? null, hosting };
  if (candidate.vendor === "local" && !explicitModel && !candidate.simulated) return { usdPerRequest: 0, training: training ?? null, hosting };
  if (entry !== undefined) {
    notes.push(`priced as ${entry.model}: ${entry.source}${entry.date ? ` (${entry.date})` : ""}`);
    return { usdPerRequest: costOfUsage({ inputTokens, outputTokens, breakdown: {} }, entry), training: training ?? null, hosting };
  }
  if (!explicitModel && efficiency.cost_per_request_usd !== null) {
    notes.push(`cost per request as its run measured it (${efficiency.price_source ?? "unknown price"})`);
    return { usdPerRequest: efficiency.cost_per_request_usd, training: training ?? null, hosting };
  }
  notes.push(`no price for "${candidate.model}": add it under \`prices:\` in tuneops.yaml`);
  return { usdPerRequest: null, training: training ?? null, hosting };
}

/** Measures and prices one candidate for the use case. */
export function prepareOption(options: { candidate: DecisionCandidate; useCase: ResolvedUseCase; prices: PriceTable }): PreparedOption {
  const { candidate, useCase } = options;
  const notes: string[] = [];
  const metric = useCase.slo.quality?.metric ?? "pass_rate";
  const quality = qualityOf(candidate.summary.metrics, metric, notes);
  const measuredP95 = candidate.summary.efficiency.latency_ms.p95;
  const latencyP95Ms = candidate.facts.latency_p95_ms ?? measuredP95;
  if (candidate.facts.latency_p95_ms === undefined && candidate.providerType === "replay") notes.push("latency of a replay is not the recorded model's: set use_case.candidates.<id>.latency_p95_ms");
  if (candidate.simulated) notes.push("SIMULATED: its figures are not real");
  const price = priceOf({ candidate, prices: options.prices, notes });
  if (candidate.kind === "fine-tuned" && price.training === null) notes.push("no training price: set use_case.candidates.<id>.base_model or a price with training_per_mtok");
  const efficiency = candidate.summary.efficiency;
  const profile: OptionCostProfile | null =
    price.usdPerRequest === null
      ? null
      : {
          kind: candidate.kind,
          hosted: candidate.vendor !== "local",
          inferenceUsdPerRequest: price.usdPerRequest,
          outputTokensPerRequest: candidate.facts.output_tokens_per_request ?? efficiency.output_tokens_mean ?? 0,
          outputTokensPerSecond: efficiency.output_tokens_per_second,
          trainingUsdPerMtok: price.training,
          hostingUsdPerHour: price.hosting,
          evaluationCases: candidate.evaluationCases,
        };
  if (candidate.kind === "self-hosted" && efficiency.output_tokens_per_second === null && useCase.assumptions.selfHosting.outputTokensPerSecond === null) {
    notes.push("decode speed not measured: GPUs sized at the always-on floor (set use_case.self_hosting.output_tokens_per_second)");
  }
  const allowed = useCase.allowedVendors;
  const excluded = allowed !== null && !allowed.includes(candidate.vendor) ? `data sensitivity: ${candidate.vendor} may not see the data (allowed: ${allowed.join(", ")})` : null;
  return { id: candidate.id, kind: candidate.kind, vendor: candidate.vendor, model: candidate.model, runId: candidate.runId, simulated: candidate.simulated, quality, latencyP95Ms, profile, excluded, notes };
}
