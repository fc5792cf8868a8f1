import { describe, expect, it } from "vitest";
import type { GenerateRequest, PrepareContext } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { createBaselineModel } from "./create-baseline-model.js";

const faq = [
  { question: "How do I reset my password?", answer: "Use the 'Forgot password' link on the sign-in page." },
  { question: "What are your opening hours?", answer: "We are open 9:00-17:00, Monday to Friday." },
  { question: "How can I close my account?", answer: "Write to support and we close it within 3 days." },
  { question: "Do you ship internationally?", answer: "Yes, to 40 countries." },
];

function context(rows: Record<string, unknown>[]): PrepareContext {
  return { trainingRows: rows, inputField: "question", expectedField: "answer", workDir: "/tmp" };
}

async function trainedModel() {
  const model = createBaselineModel({ task: "answer" });
  await model.prepare(context(faq));
  return model;
}

const request = (): GenerateRequest => ({
  prompt: { kind: "text", text: "Answer the customer." },
  case: { id: "1", vars: { question: "I forgot my password, how to reset it?" } },
});

describeLanguageModelConformance({ name: "baseline answer", create: trainedModel, request, deterministic: true });

describe("baseline answer model", () => {
  it("answers with the answer of the most similar training question", async () => {
    const model = await trainedModel();
    expect((await model.generate(request())).text).toBe(faq[0]?.answer);
    const hours = await model.generate({ prompt: { kind: "chat", messages: [{ role: "user", content: "when are you open? what hours" }] } });
    expect(hours).toMatchObject({ text: faq[1]?.answer, finishReason: "stop", usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it("tells which question matched and how well", async () => {
    const model = await trainedModel();
    const match = model.match("closing an account");
    expect(match).toMatchObject({ question: faq[2]?.question, answer: faq[2]?.answer });
    expect(match?.score).toBeGreaterThan(0);
  });

  it("answers nothing rather than guessing when no question shares a word", async () => {
    const model = await trainedModel();
    expect(model.match("zebra")).toBeUndefined();
    expect((await model.generate({ prompt: { kind: "text", text: "zebra" } })).text).toBe("");
  });

  it("rejects an empty training split", async () => {
    await expect(createBaselineModel({ task: "answer" }).prepare(context([]))).rejects.toMatchObject({ code: "dataset_invalid" });
  });

  it("declares itself a local, trainable, non-streaming model", async () => {
    const model = await trainedModel();
    expect(model.modelId).toBe("bm25-nearest-question");
    expect(model.capabilities).toMatchObject({ needsTraining: true, local: true, streaming: false });
  });
});
