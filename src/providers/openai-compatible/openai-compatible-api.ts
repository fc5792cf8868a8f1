import { z } from "zod";

/**
 * Wire schemas of the OpenAI Chat Completions API, lean on purpose: only the fields the adapter reads
 * are declared (unknown fields pass), so validation stays cheap on the hot path and tolerant of the
 * extras that compatible servers (vLLM, llama.cpp, Ollama, OpenRouter) add.
 */
const tokenCount = z.number().int().nonnegative();

export const openAiUsageSchema = z.object({
  prompt_tokens: tokenCount.nullish(),
  completion_tokens: tokenCount.nullish(),
  prompt_tokens_details: z.object({ cached_tokens: tokenCount.nullish() }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: tokenCount.nullish() }).nullish(),
});
export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;

const toolCallSchema = z.object({
  id: z.string(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const chatCompletionSchema = z.object({
  id: z.string().nullish(),
  /** The model that answered, as the upstream names it (often a dated snapshot of the one asked for). */
  model: z.string().nullish(),
  /** The backend configuration that answered (OpenAI, vLLM); changes when the upstream changes it. */
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z.array(toolCallSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: openAiUsageSchema.nullish(),
});
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

const toolCallDeltaSchema = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const chatCompletionChunkSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallDeltaSchema).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openAiUsageSchema.nullish(),
  /** Some servers (OpenAI, vLLM) report a failure inside the stream instead of an HTTP status. */
  error: z.object({ message: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() }).nullish(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
