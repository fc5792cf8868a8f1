import { z } from "zod";
import type { RequestLogRecord } from "../../spec/gateway-store.js";
import { contentText } from "../data/message-text.js";
import type { ChatTrainingExample, ChatTrainingMessage } from "./curate-examples.js";

/** Why a logged request gave no example (`flagged`: a guard flagged its answer, e.g. as toxic). */
export type LogSkipReason = "no_bodies" | "not_chat" | "failed" | "flagged" | "unreadable" | "no_answer";

const roles = ["system", "developer", "user", "assistant", "tool"] as const;

const requestMessage = z
  .object({
    role: z.enum(roles),
    content: z.unknown().optional(),
    name: z.string().optional(),
    tool_calls: z.array(z.unknown()).optional(),
    tool_call_id: z.string().optional(),
  })
  .passthrough();

const requestBody = z.object({ messages: z.array(requestMessage).min(1), tools: z.array(z.unknown()).optional() }).passthrough();

const responseBody = z
  .object({
    choices: z
      .array(z.object({ message: z.object({ content: z.unknown().optional(), tool_calls: z.array(z.unknown()).optional() }).passthrough() }).passthrough())
      .min(1),
  })
  .passthrough();

/**
 * The chat training example of one logged `/v1/chat/completions` exchange: the request's messages (and
 * tools) followed by the answer as the assistant's message. A streamed answer was logged as its text
 * (tool calls of streams are not kept). `developer` messages become `system` ones (the training format
 * knows no `developer` role).
 */
export function chatExampleFromLog(record: RequestLogRecord): ChatTrainingExample | LogSkipReason {
  if (record.endpoint !== "/v1/chat/completions") return "not_chat";
  if (record.status !== 200 || record.error !== null) return "failed";
  // A flagged answer must not be learned from; a guard that could not decide counts as flagged too.
  if (record.guardActions.some((action) => action.action === "flagged" || action.action === "passed-on-error")) return "flagged";
  if (record.requestBody === null || record.responseBody === null) return "no_bodies";
  const request = requestBody.safeParse(parseJson(record.requestBody));
  if (!request.success) return "unreadable";
  let answer: ChatTrainingMessage;
  if (record.stream) {
    if (record.responseBody.trim() === "") return "no_answer";
    answer = { role: "assistant", content: record.responseBody };
  } else {
    const response = responseBody.safeParse(parseJson(record.responseBody));
    if (!response.success) return "unreadable";
    const message = response.data.choices[0]!.message;
    const text = contentText(message.content);
    const calls = message.tool_calls ?? [];
    if (text.trim() === "" && calls.length === 0) return "no_answer";
    answer = { role: "assistant", content: text === "" && calls.length > 0 ? null : text };
    if (calls.length > 0) answer.tool_calls = calls;
  }
  const messages = request.data.messages.map(trainingMessage);
  const example: ChatTrainingExample = { messages: [...messages, answer] };
  if (request.data.tools && request.data.tools.length > 0) example.tools = request.data.tools;
  return example;
}

function trainingMessage(message: z.infer<typeof requestMessage>): ChatTrainingMessage {
  const role = message.role === "developer" ? "system" : message.role;
  const out: ChatTrainingMessage = { role, content: message.content === null || message.content === undefined ? null : contentText(message.content) };
  if (message.name !== undefined) out.name = message.name;
  if (message.tool_calls && message.tool_calls.length > 0) out.tool_calls = message.tool_calls;
  if (message.tool_call_id !== undefined) out.tool_call_id = message.tool_call_id;
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
