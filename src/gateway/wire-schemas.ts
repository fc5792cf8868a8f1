import { z } from "zod";

/**
 * The OpenAI request bodies the gateway reads, checked once at the edge. Only the fields the gateway
 * acts on or that OpenAI types strictly are checked; every other field passes through untouched
 * (loose objects), so new OpenAI parameters, tools, tool calls and response formats need no change here.
 */

const optionalNumber = z.number().nullable().optional();
const optionalCount = z.number().int().min(0).nullable().optional();

const contentPart = z.looseObject({ type: z.string() });

const chatMessage = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(z.looseObject({})).optional(),
  tool_call_id: z.string().optional(),
});

const streamOptions = z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional();

const sampling = {
  model: z.string().min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: streamOptions,
  temperature: optionalNumber,
  top_p: optionalNumber,
  n: z.number().int().min(1).max(128).nullable().optional(),
  max_tokens: optionalCount,
  presence_penalty: optionalNumber,
  frequency_penalty: optionalNumber,
  seed: z.number().int().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  user: z.string().optional(),
};

export const chatCompletionBody = z.looseObject({
  ...sampling,
  messages: z.array(chatMessage).min(1),
  max_completion_tokens: optionalCount,
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: z.union([z.string(), z.looseObject({})]).optional(),
  response_format: z.looseObject({ type: z.string() }).optional(),
});
export type ChatCompletionBody = z.infer<typeof chatCompletionBody>;

const tokenArray = z.array(z.number().int());

export const completionBody = z.looseObject({
  ...sampling,
  prompt: z.union([z.string(), z.array(z.string()), tokenArray, z.array(tokenArray)]),
  suffix: z.string().nullable().optional(),
  echo: z.boolean().nullable().optional(),
  best_of: z.number().int().min(0).nullable().optional(),
  logprobs: z.number().int().min(0).nullable().optional(),
});

export const embeddingBody = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1), tokenArray.min(1), z.array(tokenArray).min(1)]),
  dimensions: z.number().int().min(1).optional(),
  encoding_format: z.enum(["float", "base64"]).optional(),
  user: z.string().optional(),
});

export const feedbackBody = z
  .object({
    request_id: z.string().min(1).max(200),
    score: z.number().min(0).max(1).optional(),
    thumbs: z.enum(["up", "down"]).optional(),
    label: z.string().max(200).optional(),
    comment: z.string().max(10_000).optional(),
  })
  .strict()
  .refine((body) => body.score !== undefined || body.thumbs !== undefined || body.label !== undefined || body.comment !== undefined, {
    message: "give at least one of score, thumbs, label or comment",
  });
export type FeedbackBody = z.infer<typeof feedbackBody>;

/** The body fields that every forwarded endpoint shares. */
export interface ForwardedBody {
  model: string;
  stream?: boolean | null | undefined;
  stream_options?: { include_usage?: boolean | undefined } | null | undefined;
  [key: string]: unknown;
}

/** `messages[0].role` as OpenAI names a parameter in its errors. */
export function paramName(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
