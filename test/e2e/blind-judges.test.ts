import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

// Two candidates: a prompted model and a replay of recorded production answers. The judge writes down
// every prompt it is given, so the test can read what it saw.
const project = `project: blind
datasets:
  qa: { path: qa.jsonl }
providers:
  model: { type: simulated, response: echo }
  production: { type: replay, field: recorded }
  grader: { type: script, path: judge.mjs }
prompts:
  qa: "Context: {{ context }} Question: {{ input }}"
evals:
  qa:
    dataset: qa
    candidates:
      - { id: prompted, provider: model, prompt: qa }
      - { id: replayed, provider: production }
    scorers:
      - type: llm-rubric
        provider: grader
        rubric: The answer is helpful.
`;

const judgeScript = `import { appendFileSync } from "node:fs";
export default async function judge({ prompt }) {
  appendFileSync(new URL("./prompts.log", import.meta.url), prompt + "\\n=====\\n");
  return '{"reason": "fine", "grade": 4}';
}
`;

const cases = [0, 1].map((index) => JSON.stringify({ input: `Question ${index}?`, context: `Context ${index}.`, expected: `Reference ${index}`, recorded: `Recorded answer ${index}`, notes: "internal" })).join("\n");

describe("judges in an evaluation are blind", () => {
  it("see the fields the candidate's prompt read, never another candidate's recorded answers or unrelated fields", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "qa.jsonl": cases, "judge.mjs": judgeScript });
    const result = await runCli(["eval", "--no-cache"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const prompts = (await readFile(join(dir, "prompts.log"), "utf8")).split("\n=====\n").filter((prompt) => prompt.trim() !== "");
    expect(prompts).toHaveLength(4);
    const ofPrompted = prompts.filter((prompt) => prompt.includes("Context: Context"));
    expect(ofPrompted).toHaveLength(2);
    for (const prompt of ofPrompted) {
      expect(prompt).toMatch(/context: Context \d\./);
      expect(prompt).toMatch(/input: Question \d\?/);
      // The replay candidate's recorded answer is not part of the prompted candidate's case.
      expect(prompt).not.toContain("Recorded answer");
      expect(prompt).not.toMatch(/internal|Reference/);
    }
    for (const prompt of prompts.filter((item) => !item.includes("Context: Context"))) {
      expect(prompt).toMatch(/input: Question \d\?/);
      expect(prompt).not.toMatch(/context: |recorded: |internal|Reference/);
    }
  });
});
