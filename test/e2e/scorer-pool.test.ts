import { describe, expect, it } from "vitest";
// The pool runs compiled code in its worker thread, so it is tested from the build (npm test builds first).
import { ScorerPool } from "../../dist/eval/scorer-pool.js";
import { createScorers } from "../../dist/scorers/create-scorer.js";
import { runScorer } from "../../dist/scorers/run-scorer.js";
import { scorerSchema } from "../../src/config/project-schema.js";

describe("the scorer worker pool", () => {
  it("runs the reference text metrics in a worker with the same records as inline scoring", async () => {
    const configs = [{ type: "equals" }, { type: "bleu" }, { type: "rougeL" }, { type: "f1" }].map((config) => scorerSchema.parse(config));
    const scorers = createScorers(configs, { baseDir: process.cwd(), render: (template: string) => template });
    const pool = ScorerPool.create({ configs, names: scorers.map((scorer) => scorer.name), baseDir: process.cwd() });
    expect(pool).toBeDefined();
    expect(pool!.offloaded).toEqual([1, 2, 3]);
    try {
      const inputs = Array.from({ length: 150 }, (_, index) => ({
        output: `the cat sat on mat number ${index}`,
        expected: index % 3 === 0 ? `the cat sat on mat number ${index}` : `a dog lay on the rug ${index}`,
        vars: {},
        caseId: String(index),
        candidateId: "c",
      }));
      const fromWorker = await Promise.all(inputs.map((input) => pool!.score(input)));
      for (const [index, input] of inputs.entries()) {
        const inline = await Promise.all([scorers[1]!, scorers[2]!, scorers[3]!].map((scorer) => runScorer(scorer, input)));
        expect(fromWorker[index]).toEqual(inline);
      }
    } finally {
      await pool!.close();
    }
  });

  it("is not started when no scorer is worth a thread", () => {
    const configs = [{ type: "equals" }, { type: "regex", pattern: "x" }].map((config) => scorerSchema.parse(config));
    expect(ScorerPool.create({ configs, names: ["equals", "regex"], baseDir: process.cwd() })).toBeUndefined();
  });
});
