/**
 * The epoch heuristic of OpenAI's fine-tuning data-preparation guide: target 3 epochs, but train on at
 * least 100 and at most 25,000 examples in all (examples x epochs), with epochs kept in [1, 25]. Integer
 * division, as in the guide.
 */
export const epochHeuristic = { targetEpochs: 3, minTargetExamples: 100, maxTargetExamples: 25_000, minEpochs: 1, maxEpochs: 25 } as const;

export function defaultEpochs(examples: number): number {
  const { targetEpochs, minTargetExamples, maxTargetExamples, minEpochs, maxEpochs } = epochHeuristic;
  if (examples <= 0) return targetEpochs;
  if (examples * targetEpochs < minTargetExamples) return Math.min(maxEpochs, Math.floor(minTargetExamples / examples));
  if (examples * targetEpochs > maxTargetExamples) return Math.max(minEpochs, Math.floor(maxTargetExamples / examples));
  return targetEpochs;
}

export interface FineTuneEstimate {
  examples: number;
  /** Tokens of the dataset as counted (chat formatting included). */
  datasetTokens: number;
  /** Tokens billed per epoch: each example capped at `maxTokensPerExample` (longer ones are truncated in training). */
  billedTokensPerEpoch: number;
  examplesOverLimit: number;
  epochs: number;
  epochsSource: "given" | "heuristic";
  /** billedTokensPerEpoch x epochs. */
  billedTokens: number;
  /** billedTokens x the training price; null when the model has no training price. */
  costUsd: number | null;
}

/** What a fine-tuning job on these examples would bill, before any job runs. */
export function estimateFineTune(options: { exampleTokens: readonly number[]; epochs?: number; maxTokensPerExample: number; trainingUsdPerMtok: number | null }): FineTuneEstimate {
  const { exampleTokens, maxTokensPerExample } = options;
  let datasetTokens = 0;
  let billedTokensPerEpoch = 0;
  let examplesOverLimit = 0;
  for (const tokens of exampleTokens) {
    datasetTokens += tokens;
    billedTokensPerEpoch += Math.min(tokens, maxTokensPerExample);
    if (tokens > maxTokensPerExample) examplesOverLimit++;
  }
  const epochs = options.epochs ?? defaultEpochs(exampleTokens.length);
  const billedTokens = billedTokensPerEpoch * epochs;
  return {
    examples: exampleTokens.length,
    datasetTokens,
    billedTokensPerEpoch,
    examplesOverLimit,
    epochs,
    epochsSource: options.epochs === undefined ? "heuristic" : "given",
    billedTokens,
    costUsd: options.trainingUsdPerMtok === null ? null : (billedTokens * options.trainingUsdPerMtok) / 1e6,
  };
}
