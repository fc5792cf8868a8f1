import type { TcoAssumptions } from "./tco-assumptions.js";

/** The kinds of option `tuneops decide` weighs. */
export type OptionKind = "baseline" | "prompting" | "rag" | "fine-tuned" | "self-hosted";

/** Hours in an average month (8,760 / 12): what an always-on GPU or deployment is billed. */
export const hoursPerMonth = 730;

/** What the cost model needs to know about one option, per request, from its measured run. */
export interface OptionCostProfile {
  kind: OptionKind;
  /** Served by a provider that can change or retire the model under you (not local). */
  hosted: boolean;
  /** Token price of one request (measured tokens x the price table), USD; 0 when it runs locally. */
  inferenceUsdPerRequest: number;
  /** Mean output tokens of one request (self-hosted GPU sizing). */
  outputTokensPerRequest: number;
  /** Measured per-stream decode speed, tokens/s (self-hosted); null when not measured. */
  outputTokensPerSecond: number | null;
  /** Fine-tuned: USD per million training tokens; null when the price table has none. */
  trainingUsdPerMtok: number | null;
  /** Fine-tuned: the deployment fee from the price table, USD per hour (0 when none). */
  hostingUsdPerHour: number;
  /** Cases of one evaluation run (regression runs are priced at this many requests). */
  evaluationCases: number;
}

export interface CostLine {
  item: "inference" | "gpu" | "training" | "hosting" | "people" | "rework" | "review" | "monitoring" | "evaluation";
  usd: number;
  /** The formula with its numbers, for people. */
  formula: string;
}

export interface MonthlyCost {
  totalUsd: number;
  lines: CostLine[];
}

const money = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3));

/**
 * GPU hours a self-hosted option needs in a month: enough to decode the month's output tokens at the
 * measured per-stream speed, times the streams a GPU serves at once, at the assumed utilisation; never
 * fewer than `minGpus` always-on GPUs.
 */
export function selfHostedGpuHours(options: { volume: number; profile: OptionCostProfile; assumptions: TcoAssumptions }): number {
  const { volume, profile } = options;
  const hosting = options.assumptions.selfHosting;
  const floor = hosting.minGpus * hoursPerMonth;
  const speed = hosting.outputTokensPerSecond ?? profile.outputTokensPerSecond;
  if (speed === null || speed <= 0) return floor;
  const tokensPerGpuHour = speed * hosting.concurrentStreams * hosting.utilisation * 3600;
  return Math.max(floor, (volume * profile.outputTokensPerRequest) / tokensPerGpuHour);
}

/**
 * The monthly total cost of ownership of one option at `volume` requests a month: inference (or GPU
 * time when self-hosted), fine-tuning jobs spread per month, hosting fees, people (upkeep, rework when
 * a hosted model changes, human review of a sample) and evaluation (judge monitoring, regression runs).
 */
export function monthlyCost(options: { volume: number; profile: OptionCostProfile; assumptions: TcoAssumptions }): MonthlyCost {
  const { volume, profile, assumptions } = options;
  const { people, evaluation, fineTuning, selfHosting } = assumptions;
  const rate = people.hourlyRateUsd;
  const lines: CostLine[] = [];
  if (profile.kind === "self-hosted") {
    const hours = selfHostedGpuHours(options);
    lines.push({ item: "gpu", usd: hours * selfHosting.gpuHourlyUsd, formula: `${money(hours)} GPU h x $${money(selfHosting.gpuHourlyUsd)}/h` });
  } else {
    lines.push({ item: "inference", usd: volume * profile.inferenceUsdPerRequest, formula: `${money(volume)} requests x $${money(profile.inferenceUsdPerRequest)}` });
  }
  if (profile.kind === "fine-tuned") {
    const perJob = ((fineTuning.trainingTokens * fineTuning.epochs) / 1e6) * (profile.trainingUsdPerMtok ?? 0);
    const jobsPerMonth = fineTuning.retrainsPerYear / 12;
    lines.push({
      item: "training",
      usd: jobsPerMonth * (perJob + fineTuning.dataPreparationHoursPerRetrain * rate),
      formula: `${money(jobsPerMonth)} jobs x ($${money(perJob)} training + ${money(fineTuning.dataPreparationHoursPerRetrain)} h data preparation x $${money(rate)})`,
    });
    const hourly = fineTuning.hostingUsdPerHour ?? profile.hostingUsdPerHour;
    if (hourly > 0) lines.push({ item: "hosting", usd: hourly * hoursPerMonth, formula: `${hoursPerMonth} h x $${money(hourly)}/h` });
  }
  const upkeepHours =
    profile.kind === "baseline" ? people.baselineHoursPerMonth : people.promptEngineeringHoursPerMonth + (profile.kind === "self-hosted" ? people.selfHostingOpsHoursPerMonth : 0);
  lines.push({ item: "people", usd: upkeepHours * rate, formula: `${money(upkeepHours)} h x $${money(rate)}` });
  if (profile.hosted) {
    const changesPerMonth = people.modelChangesPerYear / 12;
    lines.push({ item: "rework", usd: changesPerMonth * people.reworkHoursPerModelChange * rate, formula: `${money(changesPerMonth)} changes x ${money(people.reworkHoursPerModelChange)} h x $${money(rate)}` });
  }
  const reviewed = volume * people.reviewSampleRate;
  lines.push({ item: "review", usd: (reviewed * people.reviewMinutesPerSample * rate) / 60, formula: `${money(reviewed)} samples x ${money(people.reviewMinutesPerSample)} min x $${money(rate)}/h` });
  const judged = volume * evaluation.judgeSampleRate;
  lines.push({ item: "monitoring", usd: judged * evaluation.judgeCostPerCallUsd, formula: `${money(judged)} judge calls x $${money(evaluation.judgeCostPerCallUsd)}` });
  const evaluationRequests = evaluation.regressionRunsPerMonth * profile.evaluationCases;
  const perEvaluationRequest = profile.kind === "self-hosted" ? 0 : profile.inferenceUsdPerRequest;
  lines.push({ item: "evaluation", usd: evaluationRequests * perEvaluationRequest, formula: `${money(evaluationRequests)} evaluation requests x $${money(perEvaluationRequest)}` });
  return { totalUsd: lines.reduce((sum, line) => sum + line.usd, 0), lines };
}

/**
 * The variable cost of one more request: its tokens (or, self-hosted, its share of a GPU hour at full
 * utilisation of the GPUs it needs). The service level `max_cost_per_request_usd` is checked on this.
 */
export function marginalCostPerRequest(options: { profile: OptionCostProfile; assumptions: TcoAssumptions }): number | null {
  const { profile, assumptions } = options;
  if (profile.kind !== "self-hosted") return profile.inferenceUsdPerRequest;
  const speed = assumptions.selfHosting.outputTokensPerSecond ?? profile.outputTokensPerSecond;
  if (speed === null || speed <= 0) return null;
  const requestsPerGpuHour = (speed * assumptions.selfHosting.concurrentStreams * assumptions.selfHosting.utilisation * 3600) / Math.max(1, profile.outputTokensPerRequest);
  return assumptions.selfHosting.gpuHourlyUsd / requestsPerGpuHour;
}

/**
 * Expected net value a month: each request succeeds with probability `quality` (worth
 * `valuePerSuccessUsd`) or fails (costing `costPerFailureUsd`), less the monthly total cost.
 */
export function netValue(options: { volume: number; quality: number; valuePerSuccessUsd: number; costPerFailureUsd: number; monthlyCostUsd: number }): number {
  const { volume, quality } = options;
  return volume * (quality * options.valuePerSuccessUsd - (1 - quality) * options.costPerFailureUsd) - options.monthlyCostUsd;
}
