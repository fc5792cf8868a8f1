import { describe, expect, it } from "vitest";
import type { FeedbackRecord, RequestWithFeedback } from "../../spec/gateway-store.js";
import { logRow } from "../../store/gateway-store.conformance.js";
import { datasetFromLogs } from "./dataset-from-logs.js";

function exchange(id: string, question: string, answer: string, patch: Partial<RequestWithFeedback> = {}): RequestWithFeedback {
  return {
    ...logRow(id),
    requestBody: JSON.stringify({ model: "support", messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: question }], temperature: 0 }),
    responseBody: JSON.stringify({ id: "x", choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, finish_reason: "stop" }] }),
    feedback: [],
    ...patch,
  };
}

function feedback(score: number | null, label: string | null = null): FeedbackRecord {
  return { id: `f${Math.random()}`, requestId: "r", score, label, comment: null, createdAt: 1 };
}

async function* from(rows: RequestWithFeedback[]): AsyncIterable<RequestWithFeedback> {
  yield* rows;
}

const keepAll = { redact: [], dedupe: true, validationShare: 0, seed: 1, feedback: {} } as const;

describe("datasetFromLogs", () => {
  it("turns logged chat exchanges into training examples, counting what it leaves out", async () => {
    const result = await datasetFromLogs({
      ...keepAll,
      requests: from([
        exchange("a", "What is 2+2?", "4"),
        exchange("b", "hi", "hello", { requestBody: null, responseBody: null }),
        exchange("c", "hi", "", { status: 500, error: "upstream_error" }),
        exchange("d", "stream me", "ignored", { stream: true, responseBody: "streamed answer" }),
        exchange("e", "What is 2+2?", "4"),
        exchange("f", "x", "y", { requestBody: "{not json" }),
        exchange("g", "insult me", "something toxic", { guardActions: [{ guard: "toxicity", action: "flagged", detail: "insult" }] }),
        exchange("h", "my mail is jane@example.com", "noted", { guardActions: [{ guard: "pii", action: "redacted", detail: "email" }] }),
      ]),
    });
    expect(result.train).toEqual([
      { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "What is 2+2?" }, { role: "assistant", content: "4" }] },
      { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "stream me" }, { role: "assistant", content: "streamed answer" }] },
      { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "my mail is jane@example.com" }, { role: "assistant", content: "noted" }] },
    ]);
    expect(result.read).toBe(8);
    expect(result.duplicates).toBe(1);
    expect(result.skipped).toEqual({ no_bodies: 1, not_chat: 0, failed: 1, flagged: 1, unreadable: 1, no_answer: 0, filtered: 0 });
  });

  it("keeps tools and tool calls", async () => {
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    const call = { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"email":"jane.doe@example.com"}' } };
    const result = await datasetFromLogs({
      ...keepAll,
      redact: ["email"],
      requests: from([
        exchange("a", "find jane.doe@example.com", "", {
          requestBody: JSON.stringify({ model: "m", messages: [{ role: "user", content: "find jane.doe@example.com" }], tools }),
          responseBody: JSON.stringify({ choices: [{ message: { role: "assistant", content: null, tool_calls: [call] } }] }),
        }),
      ]),
    });
    const [example] = result.train;
    expect(example?.tools).toEqual(tools);
    expect(JSON.stringify(example)).not.toContain("jane.doe@example.com");
    expect(example?.messages[1]).toMatchObject({ role: "assistant", content: null, tool_calls: [{ id: "call_1" }] });
    expect(result.redactedEntities).toEqual({ email: 2 });
    expect(result.redactedExamples).toBe(1);
  });

  it("filters by people's scores, thumbs, labels and judges' scores", async () => {
    const rows = [
      exchange("good", "q1", "a1", { feedback: [feedback(1), feedback(0.9, "judge:helpful")] }),
      exchange("bad", "q2", "a2", { feedback: [feedback(0)] }),
      exchange("none", "q3", "a3"),
      exchange("labelled", "q4", "a4", { feedback: [feedback(0.8, "gold"), feedback(0.2, "judge")] }),
    ];
    const answers = async (filter: object): Promise<string[]> => (await datasetFromLogs({ ...keepAll, feedback: filter, requests: from(rows) })).train.map((example) => String(example.messages.at(-1)?.content));
    expect(await answers({ minScore: 0.7 })).toEqual(["a1", "a4"]);
    expect(await answers({ thumbs: "up" })).toEqual(["a1"]);
    expect(await answers({ thumbs: "down" })).toEqual(["a2"]);
    expect(await answers({ labels: ["gold"] })).toEqual(["a4"]);
    expect(await answers({ minJudgeScore: 0.5 })).toEqual(["a1"]);
    expect((await datasetFromLogs({ ...keepAll, feedback: { minScore: 0.7 }, requests: from(rows) })).skipped.filtered).toBe(2);
  });

  it("holds out a seeded validation share, the same for the same seed", async () => {
    const rows = Array.from({ length: 50 }, (_, index) => exchange(`r${index}`, `question ${index}`, `answer ${index}`));
    const first = await datasetFromLogs({ ...keepAll, validationShare: 0.2, seed: 7, requests: from(rows) });
    const again = await datasetFromLogs({ ...keepAll, validationShare: 0.2, seed: 7, requests: from(rows) });
    const other = await datasetFromLogs({ ...keepAll, validationShare: 0.2, seed: 8, requests: from(rows) });
    expect(first.validation.length).toBe(10);
    expect(first.train.length).toBe(40);
    expect(again.validation).toEqual(first.validation);
    expect(other.validation).not.toEqual(first.validation);
    const all = [...first.train, ...first.validation].map((example) => example.messages.at(-1)?.content);
    expect(new Set(all).size).toBe(50);
  });
});
