import { z } from "zod";

/**
 * Wire schemas of Together's fine-tuning API (`/files/upload`, `/fine-tunes`, events, checkpoints),
 * read loosely. Times are ISO strings (older responses used epoch seconds); `total_price` is in
 * nanodollars (the SDK's `finetune_price_to_dollars` divides by 1e9).
 */
const time = z.union([z.string(), z.number()]);

export const togetherFileSchema = z.object({ id: z.string(), filename: z.string().optional(), bytes: z.number().optional(), purpose: z.string().optional() });

export const togetherJobSchema = z.object({
  id: z.string(),
  status: z.string(),
  model: z.string().optional(),
  output_name: z.string().nullable().optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
  token_count: z.number().nullable().optional(),
  total_price: z.number().nullable().optional(),
  epochs_completed: z.number().nullable().optional(),
});
export type TogetherJob = z.infer<typeof togetherJobSchema>;

export const togetherJobListSchema = z.object({ data: z.array(togetherJobSchema) });

export const togetherEventSchema = z.object({
  created_at: time.optional(),
  level: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  hash: z.string().nullable().optional(),
  step: z.number().nullable().optional(),
  loss: z.number().nullable().optional(),
  epoch: z.number().nullable().optional(),
});
export const togetherEventListSchema = z.object({ data: z.array(togetherEventSchema).nullable().optional() });

export const togetherCheckpointListSchema = z.object({ data: z.array(z.object({ type: z.string(), timestamp: time.optional(), name: z.string() })).nullable().optional() });

/** Epoch ms of an ISO string or epoch seconds. */
export function togetherTime(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  if (typeof value === "number") return value * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
