import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModelV1 } from "../../spec/language-model.js";
import { createLlamaCppModel } from "../../providers/llama-cpp/index.js";
import { writeTinyGguf } from "../../providers/llama-cpp/testing/tiny-gguf.js";
import { runScorer } from "../run-scorer.js";
import { factoryOptions, scoreInput } from "../testing/score-input.js";
import { factualityChoices, politicalLeanLabels } from "./judge-prompts.js";
import { createFactualityScorer } from "./factuality.js";
import { createLlmRubricScorer } from "./llm-rubric.js";
import { createPoliticalLeanScorer } from "./political-lean.js";
import { judgeConfig, judgeModels } from "./testing/fake-judge.js";

/**
 * A real local judge: a tiny random-weight GGUF run by llama.cpp, whose JSON Schema capability turns
 * each verdict schema into a grammar. The weights are random, so nothing here asserts on a grade or a
 * class, only that a schema-valid verdict comes back and becomes a score.
 */

let directory = "";
let model: LanguageModelV1 | undefined;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-judge-"));
  const modelPath = join(directory, "tiny-judge.gguf");
  await writeTinyGguf(modelPath, { seed: 11, contextLength: 4096 });
  model = createLlamaCppModel({ modelPath, threads: 1, contextSize: 4096 });
  await model.prepare?.({ trainingRows: [], inputField: "input", expectedField: "expected", workDir: directory });
}, 120_000);

afterAll(async () => {
  await model?.close?.();
  if (directory) await rm(directory, { recursive: true, force: true });
});

function options(name: string) {
  if (model === undefined) throw new Error("the tiny model did not load");
  const local = model;
  return factoryOptions(name, { models: judgeModels({ model: local, generate: (request) => local.generate(request) }) });
}

describe("a tiny local GGUF as the judge", () => {
  it("grades on the rubric's scale through a grammar-forced verdict", async () => {
    const scorer = createLlmRubricScorer(judgeConfig("llm-rubric", { rubric: "Names the capital correctly." }), options("rubric"));
    const record = await runScorer(scorer, scoreInput("Paris", "Paris", { question: "Capital of France?" }));
    expect(record.error).toBeUndefined();
    expect([0, 0.25, 0.5, 0.75, 1]).toContain(record.score);
    expect(record.reason).toMatch(/^grade [1-5]\/5: [\s\S]*\[rubric@1\]$/);
  }, 120_000);

  it("returns a factuality category and a political-lean class", async () => {
    const factuality = await runScorer(createFactualityScorer(judgeConfig("factuality"), options("facts")), scoreInput("Paris", "Paris"));
    expect(factuality.error).toBeUndefined();
    expect(factualityChoices).toContain(factuality.label);
    const lean = await runScorer(createPoliticalLeanScorer(judgeConfig("political-lean", { samples: 2 }), options("lean")), scoreInput("Taxes pay for roads."));
    expect(lean.error).toBeUndefined();
    expect(politicalLeanLabels).toContain(lean.label);
    expect(lean.samples).toHaveLength(2);
  }, 120_000);
});
