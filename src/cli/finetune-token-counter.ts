import type { TokenCounterV1 } from "../spec/token-counter.js";

/**
 * COMPOSITION POINT (fine-tuning token counts). The tokenizer is built separately in
 * src/finetune/tokens/ (`tokenCounterFor(model)`); once it is merged, return
 * `tokenCounterFor(model)` here. Until then no counter exists and every command that reports tokens
 * says they were not counted: tuneops never prints an estimate it did not compute.
 */
export function trainingTokenCounter(_model: string | undefined): TokenCounterV1 | undefined {
  return undefined;
}
