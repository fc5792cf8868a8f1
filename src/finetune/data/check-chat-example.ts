import type { ExampleIssue } from "./training-issue.js";
import { describeValue, isObject, type JsonObject } from "./json-shapes.js";

/** Keys OpenAI's chat fine-tuning format accepts on a message. */
const messageKeys: ReadonlySet<string> = new Set(["role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call", "refusal"]);
/** Keys it accepts on an example. */
const exampleKeys: ReadonlySet<string> = new Set(["messages", "tools", "parallel_tool_calls", "functions"]);
export const chatRoles: ReadonlySet<string> = new Set(["system", "developer", "user", "assistant", "tool", "function"]);

export interface ChatCheckOptions {
  /** Prefix of every field path (`input.` for a preference pair's prompt). */
  path?: string;
  /** Whether the messages must hold an assistant message (a training target). */
  requireAssistant?: boolean;
  /** Tool definitions in force (a preference pair declares them beside its messages). */
  tools?: unknown;
}

/** Every problem of one chat example in OpenAI's format, in message order. */
export function checkChatExample(example: unknown, options: ChatCheckOptions = {}): ExampleIssue[] {
  if (!isObject(example)) return [{ code: "data_type", message: `expected an object with "messages", got ${describeValue(example)}` }];
  const issues: ExampleIssue[] = [];
  for (const key of Object.keys(example)) {
    if (!exampleKeys.has(key)) issues.push({ code: "example_unrecognized_key", field: key, message: `unrecognized key "${key}" (expected messages, tools, parallel_tool_calls)` });
  }
  issues.push(...checkMessages(example.messages, { ...options, tools: options.tools ?? example.tools }));
  return issues;
}

/** Checks a `messages` list: keys, roles, content, weights, tool calls and their answers. */
export function checkMessages(messages: unknown, options: ChatCheckOptions = {}): ExampleIssue[] {
  const path = options.path ?? "";
  if (!Array.isArray(messages) || messages.length === 0) {
    const got = messages === undefined ? "it is missing" : Array.isArray(messages) ? "it is empty" : `got ${describeValue(messages)}`;
    return [{ code: "missing_messages_list", field: `${path}messages`, message: `expected a non-empty "messages" list: ${got}` }];
  }
  const issues: ExampleIssue[] = [];
  const functions = definedFunctions(options.tools, `${path}tools`, issues);
  const pending = new Map<string, string>();
  let assistants = 0;
  let trained = 0;
  messages.forEach((message, index) => {
    const field = `${path}messages[${index}]`;
    if (!isObject(message)) {
      issues.push({ code: "data_type", field, message: `message ${index + 1} must be an object, got ${describeValue(message)}` });
      return;
    }
    checkMessageKeys(message, field, issues);
    const role = message.role;
    if (typeof role !== "string" || !chatRoles.has(role)) {
      if (role !== undefined) issues.push({ code: "unrecognized_role", field: `${field}.role`, message: `role ${JSON.stringify(role)} is not one of system, developer, user, assistant, tool` });
      return;
    }
    if (role !== "tool" && pending.size > 0) reportUnanswered(pending, issues);
    if (role === "assistant") {
      assistants += 1;
      if (message.weight !== 0) trained += 1;
      checkToolCalls({ message, field, functions, pending, issues });
    }
    checkWeight(message, role, field, issues);
    if (role === "tool") checkToolAnswer(message, field, pending, issues);
    checkContent(message, role, field, issues);
  });
  if (pending.size > 0 && messages.at(-1) !== undefined && isObject(messages.at(-1)) && (messages.at(-1) as JsonObject).role === "tool") reportUnanswered(pending, issues);
  if (options.requireAssistant !== false) {
    if (assistants === 0) issues.push({ code: "example_missing_assistant_message", field: `${path}messages`, message: "no assistant message: the example has nothing to train on" });
    else if (trained === 0) issues.push({ code: "no_trained_message", field: `${path}messages`, message: "every assistant message has weight 0: the example has nothing to train on" });
  }
  return issues;
}

function checkMessageKeys(message: JsonObject, field: string, issues: ExampleIssue[]): void {
  if (!("role" in message)) issues.push({ code: "message_missing_key", field: `${field}.role`, message: `message has no "role"` });
  const role = message.role;
  const mayOmitContent = role === "assistant" && (Array.isArray(message.tool_calls) || isObject(message.function_call));
  if (!("content" in message) && !mayOmitContent) issues.push({ code: "message_missing_key", field: `${field}.content`, message: `message has no "content"` });
  for (const key of Object.keys(message)) {
    if (!messageKeys.has(key)) issues.push({ code: "message_unrecognized_key", field: `${field}.${key}`, message: `unrecognized key "${key}" in a message (expected role, content, name, weight, tool_calls, tool_call_id)` });
  }
}

function checkContent(message: JsonObject, role: string, field: string, issues: ExampleIssue[]): void {
  if (!("content" in message)) return;
  const content = message.content;
  const hasCalls = role === "assistant" && (Array.isArray(message.tool_calls) || isObject(message.function_call));
  if (content === null && hasCalls) return;
  if (typeof content === "string") {
    if (content.trim() === "" && !hasCalls) issues.push({ code: "missing_content", field: `${field}.content`, message: `${role} message content is empty` });
    return;
  }
  if (Array.isArray(content) && content.length > 0 && content.every((part) => isObject(part) && typeof part.type === "string")) return;
  issues.push({ code: "missing_content", field: `${field}.content`, message: `${role} message content must be text (a string or content parts), got ${describeValue(content)}` });
}

function checkWeight(message: JsonObject, role: string, field: string, issues: ExampleIssue[]): void {
  if (!("weight" in message)) return;
  if (role !== "assistant") issues.push({ code: "invalid_weight", field: `${field}.weight`, message: `"weight" is only allowed on assistant messages, found on a ${role} message` });
  else if (message.weight !== 0 && message.weight !== 1) issues.push({ code: "invalid_weight", field: `${field}.weight`, message: `weight must be 0 or 1, got ${JSON.stringify(message.weight)}` });
}

/** Names of the functions the example defines; problems with the definitions are reported. */
function definedFunctions(tools: unknown, field: string, issues: ExampleIssue[]): Set<string> | undefined {
  if (tools === undefined) return undefined;
  const names = new Set<string>();
  if (!Array.isArray(tools)) {
    issues.push({ code: "invalid_tools", field, message: `"tools" must be a list, got ${describeValue(tools)}` });
    return names;
  }
  tools.forEach((tool, index) => {
    const name = isObject(tool) && isObject(tool.function) ? tool.function.name : undefined;
    if (!isObject(tool) || tool.type !== "function" || typeof name !== "string" || name === "") {
      issues.push({ code: "invalid_tools", field: `${field}[${index}]`, message: `a tool must be { "type": "function", "function": { "name": ..., "parameters": ... } }` });
      return;
    }
    const parameters = (tool.function as JsonObject).parameters;
    if (parameters !== undefined && !isObject(parameters)) issues.push({ code: "invalid_tools", field: `${field}[${index}].function.parameters`, message: `parameters of ${name} must be a JSON Schema object` });
    names.add(name);
  });
  return names;
}

interface ToolCallCheck {
  message: JsonObject;
  field: string;
  functions: Set<string> | undefined;
  pending: Map<string, string>;
  issues: ExampleIssue[];
}

function checkToolCalls({ message, field, functions, pending, issues }: ToolCallCheck): void {
  const calls = message.tool_calls;
  if (calls === undefined) return;
  if (!Array.isArray(calls) || calls.length === 0) {
    issues.push({ code: "invalid_tool_call", field: `${field}.tool_calls`, message: `tool_calls must be a non-empty list, got ${describeValue(calls)}` });
    return;
  }
  calls.forEach((call, index) => {
    const at = `${field}.tool_calls[${index}]`;
    const fn = isObject(call) ? call.function : undefined;
    if (!isObject(call) || typeof call.id !== "string" || call.id === "" || call.type !== "function" || !isObject(fn) || typeof fn.name !== "string") {
      issues.push({ code: "invalid_tool_call", field: at, message: `a tool call must be { "id": ..., "type": "function", "function": { "name": ..., "arguments": "<JSON text>" } }` });
      return;
    }
    pending.set(call.id, fn.name);
    if (typeof fn.arguments !== "string") {
      issues.push({ code: "tool_call_arguments_not_json", field: `${at}.function.arguments`, message: `arguments of ${fn.name} must be JSON text (a string), got ${describeValue(fn.arguments)}` });
    } else {
      try {
        JSON.parse(fn.arguments);
      } catch (error) {
        issues.push({ code: "tool_call_arguments_not_json", field: `${at}.function.arguments`, message: `arguments of ${fn.name} are not valid JSON: ${(error as Error).message}` });
      }
    }
    if (functions === undefined) {
      issues.push({ code: "tool_call_undefined_function", field: `${at}.function.name`, message: `calls ${fn.name}, but the example defines no "tools"` });
    } else if (!functions.has(fn.name)) {
      issues.push({ code: "tool_call_undefined_function", field: `${at}.function.name`, message: `calls ${fn.name}, which "tools" does not define (defined: ${[...functions].join(", ") || "none"})` });
    }
  });
}

function checkToolAnswer(message: JsonObject, field: string, pending: Map<string, string>, issues: ExampleIssue[]): void {
  const id = message.tool_call_id;
  if (typeof id !== "string" || id === "") {
    issues.push({ code: "message_missing_key", field: `${field}.tool_call_id`, message: `a tool message needs the "tool_call_id" of the call it answers` });
    return;
  }
  if (!pending.delete(id)) issues.push({ code: "tool_message_unknown_id", field: `${field}.tool_call_id`, message: `tool_call_id ${JSON.stringify(id)} answers no pending tool call of an earlier assistant message` });
}

function reportUnanswered(pending: Map<string, string>, issues: ExampleIssue[]): void {
  for (const [id, name] of pending) issues.push({ code: "tool_call_unanswered", message: `tool call ${id} (${name}) gets no tool message before the conversation moves on` });
  pending.clear();
}
