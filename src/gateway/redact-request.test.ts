import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./testing/gateway-harness.js";
import { chatCompletionText, startScriptedUpstream, type ScriptedUpstream } from "./testing/scripted-upstream.js";

const email = "jane.doe@example.com";
const pii = `reach ${email}`;

/**
 * A chat request that sets every field of the official SDK's request schema (`Required<...>` makes the
 * compiler check that none is left out), every message role and content part, both tool kinds, with PII
 * in every string that is free text. Identifiers, enumerations, function names and media payloads
 * carry no PII and must arrive unchanged.
 */
const everyField: Required<OpenAI.ChatCompletionCreateParamsNonStreaming> = {
  model: "mock-model",
  messages: [
    { role: "developer", content: pii, name: `dev ${email}` },
    { role: "system", content: [{ type: "text", text: pii }], name: pii },
    {
      role: "user",
      name: pii,
      content: [
        { type: "text", text: pii },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" } },
        { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } },
        { type: "file", file: { file_data: "JVBERi0=", filename: `${email} report.pdf` } },
      ],
    },
    {
      role: "assistant",
      name: pii,
      content: [{ type: "text", text: pii }],
      refusal: pii,
      audio: { id: "audio_1" },
      tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: JSON.stringify({ q: pii }) } }],
      function_call: { name: "lookup", arguments: JSON.stringify({ q: pii }) },
    },
    { role: "tool", tool_call_id: "call_1", content: pii },
    { role: "function", name: "lookup", content: pii },
  ],
  audio: { voice: "alloy", format: "wav" },
  frequency_penalty: 0,
  function_call: { name: "lookup" },
  functions: [{ name: "lookup", description: pii, parameters: { type: "object", properties: { q: { type: "string", description: pii } } } }],
  logit_bias: { "50256": -100 },
  logprobs: false,
  max_completion_tokens: 10,
  max_tokens: 10,
  metadata: { customer: pii },
  modalities: ["text"],
  n: 1,
  parallel_tool_calls: true,
  prediction: { type: "content", content: pii },
  presence_penalty: 0,
  prompt_cache_key: pii,
  prompt_cache_retention: "24h",
  reasoning_effort: "low",
  response_format: { type: "json_schema", json_schema: { name: "answer", description: pii, schema: { type: "object", description: pii } } },
  safety_identifier: pii,
  seed: 1,
  service_tier: "auto",
  stop: [pii],
  store: false,
  stream: false,
  stream_options: null,
  temperature: 0,
  tool_choice: { type: "function", function: { name: "lookup" } },
  tools: [
    { type: "function", function: { name: "lookup", description: pii, parameters: { type: "object", properties: { q: { type: "string", description: pii, enum: [pii] } } } } },
    { type: "custom", custom: { name: "sql", description: pii, format: { type: "text" } } },
  ],
  top_logprobs: 0,
  top_p: 1,
  user: pii,
  verbosity: "low",
  web_search_options: { search_context_size: "low", user_location: { type: "approximate", approximate: { city: pii, country: "US", region: pii, timezone: "UTC" } } },
};

/** Every string leaf with its path. */
function strings(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([key, item]) => strings(item, path === "" ? key : `${path}.${key}`));
  return [];
}

let upstream: ScriptedUpstream;
let test: TestGateway;
let received: unknown;

beforeAll(async () => {
  upstream = await startScriptedUpstream();
  upstream.script((request, response) => {
    received = JSON.parse(request.body);
    const answer = request.url?.endsWith("/embeddings") ? JSON.stringify({ object: "list", data: [{ object: "embedding", index: 0, embedding: [0] }], model: "mock-model" }) : chatCompletionText("ok");
    response.writeHead(200, { "content-type": "application/json" }).end(answer);
  });
  test = await startTestGateway({ targets: { up: { base_url: upstream.url } }, routes: { "*": { targets: ["up"] } }, guards: { pii: { entities: ["email"] } } });
});
afterAll(async () => {
  await test.close();
  await upstream.close();
});

describe("PII redaction walks the whole request", () => {
  it("redacts every free-text string of a chat request and leaves identifiers, names of functions and media as they are", async () => {
    await test.client().chat.completions.create(everyField);
    const sent = strings(received);
    const leaked = sent.filter(([, text]) => text.includes(email)).map(([path]) => path);
    expect(leaked).toEqual([]);
    // Every string that had PII arrives redacted (none was dropped), and every other string arrives as it was.
    const original = new Map(strings(everyField));
    expect(sent.map(([path]) => path).sort()).toEqual([...original.keys()].sort());
    for (const [path, text] of sent) {
      const before = original.get(path) ?? "";
      expect(text, path).toBe(before.replaceAll(email, "[EMAIL]"));
    }
    // The tool call's arguments stay valid JSON.
    expect(JSON.parse((received as { messages: { tool_calls?: { function: { arguments: string } }[] }[] }).messages[3]?.tool_calls?.[0]?.function.arguments ?? "")).toEqual({ q: "reach [EMAIL]" });
    const [row] = await test.logs();
    expect(row?.guardActions).toEqual([{ guard: "pii", action: "redacted", detail: "email" }]);
  });

  it("redacts completion prompts and suffixes, and embedding inputs and users", async () => {
    await test.client().completions.create({ model: "mock-model", prompt: [pii, pii], suffix: pii, user: pii });
    expect(strings(received).filter(([, text]) => text.includes(email))).toEqual([]);
    await test.client().embeddings.create({ model: "mock-model", input: [pii], user: pii });
    expect(strings(received).filter(([, text]) => text.includes(email))).toEqual([]);
    expect(received).toMatchObject({ input: ["reach [EMAIL]"], user: "reach [EMAIL]" });
  });
});
