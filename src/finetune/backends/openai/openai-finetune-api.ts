import { z } from "zod";

/**
 * Wire schemas of OpenAI's fine-tuning API (files, fine_tuning.jobs, events, checkpoints), checked at
 * the edge. Objects are read loosely: fields tuneops does not use are ignored, new ones do not break it.
 */
export const openaiFileSchema = z.object({ id: z.string(), object: z.literal("file").optional(), bytes: z.number().optional(), filename: z.string().optional(), purpose: z.string().optional() });

export const openaiJobStatuses = ["validating_files", "queued", "running", "succeeded", "failed", "cancelled"] as const;

export const openaiJobSchema = z.object({
  id: z.string(),
  object: z.literal("fine_tuning.job").optional(),
  model: z.string(),
  created_at: z.number(),
  finished_at: z.number().nullable().optional(),
  fine_tuned_model: z.string().nullable().optional(),
  status: z.string(),
  trained_tokens: z.number().nullable().optional(),
  result_files: z.array(z.string()).optional(),
  training_file: z.string().optional(),
  validation_file: z.string().nullable().optional(),
  error: z.object({ code: z.string().nullable().optional(), message: z.string().nullable().optional(), param: z.string().nullable().optional() }).nullable().optional(),
});
export type OpenaiJob = z.infer<typeof openaiJobSchema>;

export const openaiJobListSchema = z.object({ object: z.literal("list").optional(), data: z.array(openaiJobSchema), has_more: z.boolean().optional() });

export const openaiEventSchema = z.object({
  id: z.string(),
  created_at: z.number(),
  level: z.string(),
  message: z.string(),
  type: z.string().optional(),
  data: z.unknown().optional(),
});
export const openaiEventListSchema = z.object({ data: z.array(openaiEventSchema), has_more: z.boolean().optional() });

export const openaiCheckpointSchema = z.object({
  id: z.string(),
  created_at: z.number(),
  fine_tuned_model_checkpoint: z.string(),
  step_number: z.number(),
  metrics: z.record(z.string(), z.number().nullable()).optional(),
});
export const openaiCheckpointListSchema = z.object({ data: z.array(openaiCheckpointSchema), has_more: z.boolean().optional() });

/** Live metrics ride on events of type `metrics`: `data` holds the step and its figures. */
export const openaiMetricsEventDataSchema = z.object({ step: z.number() }).catchall(z.unknown());
