import { z } from "zod";

/**
 * The files a local trainer run keeps in its folder: the contract between tuneops and the trainer
 * (trainers/train_lora.py, or the stand-in used in tests). The trainer writes `status.json`,
 * `metrics.jsonl` and `events.jsonl`; tuneops writes `job.json`, `pid` and `cancel-requested`.
 */
export const trainerFiles = {
  job: "job.json",
  pid: "pid",
  status: "status.json",
  metrics: "metrics.jsonl",
  events: "events.jsonl",
  log: "trainer.log",
  cancel: "cancel-requested",
  adapter: "adapter",
  merged: "merged",
} as const;

/** `status.json`, rewritten by the trainer at each change. */
export const trainerStatusSchema = z.object({
  state: z.enum(["running", "succeeded", "failed"]),
  message: z.string().optional(),
  adapter_dir: z.string().optional(),
  merged_dir: z.string().optional(),
  /** Tokens trained on, all epochs. */
  train_tokens: z.number().optional(),
  /** Epoch seconds. */
  updated_at: z.number().optional(),
});
export type TrainerStatus = z.infer<typeof trainerStatusSchema>;

/** One `metrics.jsonl` line: `{ step, epoch, loss, grad_norm, learning_rate, ... }` (HF Trainer logs). */
export const trainerMetricSchema = z.object({ step: z.number(), epoch: z.number().optional() }).catchall(z.unknown());

/** One `events.jsonl` line. */
export const trainerEventSchema = z.object({ time: z.number(), level: z.enum(["info", "warn", "error"]).default("info"), message: z.string() });

/** `job.json`: what was asked, so `list` and `retrieve` work from the folder alone. */
export const trainerJobSchema = z.object({ job_id: z.string(), base_model: z.string(), created_at: z.number(), command: z.array(z.string()) });
