import type { TokenCounterV1 } from "../spec/token-counter.js";

/** A tokenizer for a model, and for people: which one, and how far to trust its counts. */
export interface TrainingTokenCounter {
  counter: TokenCounterV1;
  note?: string;
}

/**
 * COMPOSITION POINT (fine-tuning token counts). The tokenizer is built separately in
 * src/finetune/tokens/; once it is merged, return `tokenCounterFor(model)` here (its
 * TokenCounterChoice has this shape) when a model is given. Until then no counter exists and every
 * command that reports tokens says they were not counted: tuneops never prints a count it did not compute.
 */
export async function trainingTokenCounter(_model: string | undefined): Promise<TrainingTokenCounter | undefined> {
  return undefined;
}
