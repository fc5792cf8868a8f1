import { isFinalFineTuneState, type FineTuneJobSnapshot, type FineTuneState } from "../../spec/finetune-backend.js";

/**
 * The job state machine: a job moves from queued/validating/running to one final state, and a final
 * state is never left (a late or stale report from the backend cannot revive a cancelled job or
 * un-succeed a finished one). Between the non-final states the backend's word is taken as is.
 */
export function nextJobState(current: FineTuneState, observed: FineTuneState): FineTuneState {
  return isFinalFineTuneState(current) ? current : observed;
}

/**
 * What a job cost, USD: the backend's own figure when it reports one, else trained tokens times the
 * price per million training tokens, else (local trainer) GPU time times the hourly rate.
 */
export function jobCostUsd(options: { snapshot: FineTuneJobSnapshot; pricePerMTok: number | null; gpuHourUsd?: number | null; trainSeconds?: number | null }): number | null {
  const { snapshot } = options;
  if (snapshot.costUsd !== null) return snapshot.costUsd;
  if (options.pricePerMTok !== null && snapshot.trainedTokens !== null) return (snapshot.trainedTokens * options.pricePerMTok) / 1_000_000;
  if (options.gpuHourUsd != null && options.trainSeconds != null) return (options.trainSeconds / 3600) * options.gpuHourUsd;
  return null;
}
