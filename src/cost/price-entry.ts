/** The price of one model, in USD per million tokens, with where the figure comes from. */
export interface PriceEntry {
  /** Model id the entry is keyed by (as the provider names the model). */
  model: string;
  /** Who serves the model at this price (e.g. `openai`, `groq`); informational. */
  provider?: string;
  /** USD per million uncached input tokens. */
  inputPerMtok: number;
  /** USD per million output tokens (reasoning included). */
  outputPerMtok: number;
  /** USD per million input tokens read from the prompt cache; the input rate when absent. */
  cacheReadPerMtok?: number;
  /** USD per million input tokens written to the prompt cache; the input rate when absent. */
  cacheWritePerMtok?: number;
  /** USD per million training tokens (billed tokens: dataset tokens x epochs), for models that can be fine-tuned. */
  trainingPerMtok?: number;
  /** USD per hour to keep a fine-tuned model deployed (some providers charge hosting; 0 or absent when not). */
  hostingPerHour?: number;
  /** Where the price was read: a pricing page URL, `tuneops.yaml`, or an imported file. */
  source: string;
  /** When it was read (YYYY-MM-DD). */
  date?: string;
}
