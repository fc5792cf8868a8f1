import { z } from "zod";

/**
 * Wire schemas of Anthropic's Messages API (version 2023-06-01), lean on purpose: only the fields the
 * adapter reads. Stream events are validated per `type`; unknown event types are ignored, as
 * Anthropic's versioning policy asks of clients.
 */
const tokenCount = z.number().int().nonnegative();

export const anthropicUsageSchema = z.object({
  input_tokens: tokenCount.nullish(),
  output_tokens: tokenCount.nullish(),
  cache_creation_input_tokens: tokenCount.nullish(),
  cache_read_input_tokens: tokenCount.nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

const contentBlockSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
});

export const anthropicMessageSchema = z.object({
  id: z.string(),
  /** The model that answered; a dated id (`claude-3-5-sonnet-20241022`) names its version. */
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema,
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

export const anthropicStreamEventSchemas = {
  message_start: z.object({ message: z.object({ id: z.string(), model: z.string().nullish(), usage: anthropicUsageSchema.nullish() }) }),
  content_block_start: z.object({ index: z.number().int().nonnegative(), content_block: contentBlockSchema }),
  content_block_delta: z.object({
    index: z.number().int().nonnegative(),
    delta: z.object({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
  }),
  content_block_stop: z.object({ index: z.number().int().nonnegative() }),
  message_delta: z.object({ delta: z.object({ stop_reason: z.string().nullish() }), usage: anthropicUsageSchema.nullish() }),
  error: z.object({ error: z.object({ type: z.string(), message: z.string().optional() }) }),
} as const;
