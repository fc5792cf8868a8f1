/**
 * The assumptions of the total-cost-of-ownership model, with their defaults. Every figure can be
 * overridden in tuneops.yaml (`use_case:`); docs/decide.md explains each and why its default is what it
 * is. Units are in the names: USD, hours, minutes, shares in [0, 1].
 */
export interface TcoAssumptions {
  people: {
    hourlyRateUsd: number;
    promptEngineeringHoursPerMonth: number;
    baselineHoursPerMonth: number;
    reworkHoursPerModelChange: number;
    modelChangesPerYear: number;
    reviewMinutesPerSample: number;
    reviewSampleRate: number;
    selfHostingOpsHoursPerMonth: number;
  };
  evaluation: {
    judgeSampleRate: number;
    judgeCostPerCallUsd: number;
    regressionRunsPerMonth: number;
  };
  fineTuning: {
    trainingTokens: number;
    epochs: number;
    retrainsPerYear: number;
    dataPreparationHoursPerRetrain: number;
    /** Null: the price table's hosting fee for the model, else 0. */
    hostingUsdPerHour: number | null;
  };
  selfHosting: {
    gpuHourlyUsd: number;
    utilisation: number;
    concurrentStreams: number;
    minGpus: number;
    /** Null: the run's measured per-stream decode speed. */
    outputTokensPerSecond: number | null;
  };
}

export const defaultTcoAssumptions: TcoAssumptions = Object.freeze({
  people: {
    // A loaded engineering hour (salary, overhead) in a US/EU team; review staff may cost less.
    hourlyRateUsd: 100,
    // About one day a month keeping prompts, retrieval and test sets current.
    promptEngineeringHoursPerMonth: 8,
    // A trained classifier needs little upkeep: retrain on new labels now and then.
    baselineHoursPerMonth: 2,
    // Re-evaluating, re-prompting and re-approving after a model or API change: two days.
    reworkHoursPerModelChange: 16,
    // Hosted providers retire or update models about twice a year.
    modelChangesPerYear: 2,
    reviewMinutesPerSample: 2,
    reviewSampleRate: 0.01,
    // Patching, scaling and on-call for your own inference servers.
    selfHostingOpsHoursPerMonth: 20,
  },
  evaluation: {
    judgeSampleRate: 0.01,
    // A small judge model reading one request and answer (about 1,500 tokens).
    judgeCostPerCallUsd: 0.002,
    regressionRunsPerMonth: 2,
  },
  fineTuning: {
    trainingTokens: 1_000_000,
    epochs: 3,
    // Quarterly: new data, and base models retire.
    retrainsPerYear: 4,
    dataPreparationHoursPerRetrain: 16,
    hostingUsdPerHour: null,
  },
  selfHosting: {
    // On-demand price of one cloud GPU of the L40S/A100 class.
    gpuHourlyUsd: 2.5,
    utilisation: 0.5,
    concurrentStreams: 8,
    minGpus: 1,
    outputTokensPerSecond: null,
  },
}) as TcoAssumptions;

/** Overrides as the use case writes them (snake_case, every field optional). */
export interface TcoOverrides {
  people?: {
    hourly_rate_usd?: number | undefined;
    prompt_engineering_hours_per_month?: number | undefined;
    baseline_hours_per_month?: number | undefined;
    rework_hours_per_model_change?: number | undefined;
    model_changes_per_year?: number | undefined;
    review_minutes_per_sample?: number | undefined;
    review_sample_rate?: number | undefined;
    self_hosting_ops_hours_per_month?: number | undefined;
  } | undefined;
  evaluation?: { judge_sample_rate?: number | undefined; judge_cost_per_call_usd?: number | undefined; regression_runs_per_month?: number | undefined } | undefined;
  fine_tuning?: {
    training_tokens?: number | undefined;
    epochs?: number | undefined;
    retrains_per_year?: number | undefined;
    data_preparation_hours_per_retrain?: number | undefined;
    hosting_usd_per_hour?: number | undefined;
  } | undefined;
  self_hosting?: {
    gpu_hourly_usd?: number | undefined;
    utilisation?: number | undefined;
    concurrent_streams?: number | undefined;
    min_gpus?: number | undefined;
    output_tokens_per_second?: number | undefined;
  } | undefined;
}

/** The defaults with the use case's overrides applied. */
export function resolveTcoAssumptions(overrides: TcoOverrides = {}): TcoAssumptions {
  const d = defaultTcoAssumptions;
  const p = overrides.people ?? {};
  const e = overrides.evaluation ?? {};
  const f = overrides.fine_tuning ?? {};
  const s = overrides.self_hosting ?? {};
  return {
    people: {
      hourlyRateUsd: p.hourly_rate_usd ?? d.people.hourlyRateUsd,
      promptEngineeringHoursPerMonth: p.prompt_engineering_hours_per_month ?? d.people.promptEngineeringHoursPerMonth,
      baselineHoursPerMonth: p.baseline_hours_per_month ?? d.people.baselineHoursPerMonth,
      reworkHoursPerModelChange: p.rework_hours_per_model_change ?? d.people.reworkHoursPerModelChange,
      modelChangesPerYear: p.model_changes_per_year ?? d.people.modelChangesPerYear,
      reviewMinutesPerSample: p.review_minutes_per_sample ?? d.people.reviewMinutesPerSample,
      reviewSampleRate: p.review_sample_rate ?? d.people.reviewSampleRate,
      selfHostingOpsHoursPerMonth: p.self_hosting_ops_hours_per_month ?? d.people.selfHostingOpsHoursPerMonth,
    },
    evaluation: {
      judgeSampleRate: e.judge_sample_rate ?? d.evaluation.judgeSampleRate,
      judgeCostPerCallUsd: e.judge_cost_per_call_usd ?? d.evaluation.judgeCostPerCallUsd,
      regressionRunsPerMonth: e.regression_runs_per_month ?? d.evaluation.regressionRunsPerMonth,
    },
    fineTuning: {
      trainingTokens: f.training_tokens ?? d.fineTuning.trainingTokens,
      epochs: f.epochs ?? d.fineTuning.epochs,
      retrainsPerYear: f.retrains_per_year ?? d.fineTuning.retrainsPerYear,
      dataPreparationHoursPerRetrain: f.data_preparation_hours_per_retrain ?? d.fineTuning.dataPreparationHoursPerRetrain,
      hostingUsdPerHour: f.hosting_usd_per_hour ?? d.fineTuning.hostingUsdPerHour,
    },
    selfHosting: {
      gpuHourlyUsd: s.gpu_hourly_usd ?? d.selfHosting.gpuHourlyUsd,
      utilisation: s.utilisation ?? d.selfHosting.utilisation,
      concurrentStreams: s.concurrent_streams ?? d.selfHosting.concurrentStreams,
      minGpus: s.min_gpus ?? d.selfHosting.minGpus,
      outputTokensPerSecond: s.output_tokens_per_second ?? d.selfHosting.outputTokensPerSecond,
    },
  };
}
