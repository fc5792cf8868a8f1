import { tokenCounterFor } from "../finetune/tokens/token-counter-for.js";
import type { TokenCounterV1 } from "../spec/token-counter.js";

/** A tokenizer for a model, and for people: which one, and how far to trust its counts. */
export interface TrainingTokenCounter {
  counter: TokenCounterV1;
  /** True when the model's own tokenizer is not available and counts are an estimate. */
  approximate: boolean;
  note: string;
}

/**
 * The tokenizer the fine-tuning commands count with: the model family's (src/finetune/tokens). Without
 * a model, none: the commands then say tokens were not counted rather than guess a tokenizer.
 */
export async function trainingTokenCounter(model: string | undefined): Promise<TrainingTokenCounter | undefined> {
  if (model === undefined) return undefined;
  return tokenCounterFor(model);
}
