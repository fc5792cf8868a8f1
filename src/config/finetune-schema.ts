import { z } from "zod";

const price = z.number().min(0);
const hosted = {
  api_key_env: z.string().optional().describe("Environment variable holding the API key (never the key itself)."),
  base_url: z.string().url().optional().describe("API base URL including the version (for a proxy or a compatible server)."),
  training_price_per_mtok: price.optional().describe("USD per million trained tokens, to price jobs (the API does not report cost)."),
};

const openaiBackend = z.object({ type: z.literal("openai"), ...hosted }).strict();
const togetherBackend = z.object({ type: z.literal("together"), ...hosted }).strict();
const localBackend = z
  .object({
    type: z.literal("local"),
    command: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Trainer command line before its arguments (default: python3 and the train_lora.py installed with tuneops; multi-GPU: [accelerate, launch, --num_processes, '4', path/to/train_lora.py]). Relative paths resolve against the project folder."),
    output_dir: z.string().optional().describe("Folder of the jobs' outputs, relative to tuneops.yaml (default .tuneops/finetune)."),
    env: z.record(z.string(), z.string()).optional().describe("Extra environment of the trainer (e.g. CUDA_VISIBLE_DEVICES)."),
    gpu_hour_usd: price.optional().describe("USD per hour of the GPU host, to price local jobs from their training time."),
  })
  .strict();

export const fineTuneBackendSchema = z.discriminatedUnion("type", [openaiBackend, togetherBackend, localBackend]);
export type FineTuneBackendConfig = z.infer<typeof fineTuneBackendSchema>;

/** `finetune:` in tuneops.yaml. Backends named `openai`, `together` and `local` exist by default. */
export const finetuneSchema = z
  .object({
    backends: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), fineTuneBackendSchema).default({}).describe("Fine-tuning backends by name."),
    poll_interval_ms: z.number().int().min(100).default(10_000).describe("Wait between polls of a followed job."),
  })
  .strict();
export type FinetuneConfig = z.infer<typeof finetuneSchema>;

export const defaultFineTuneBackends: Readonly<Record<string, FineTuneBackendConfig>> = {
  openai: { type: "openai" },
  together: { type: "together" },
  local: { type: "local" },
};
