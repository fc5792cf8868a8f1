import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

interface Summary {
  run: { id: string };
  candidates: {
    id: string;
    metrics: { name: string; kind: string; mean: number | null; ci_low: number | null; ci_high: number | null; method: string }[];
    classification?: { scorer: string; accuracy: number; kappa: number | null; confusion: { labels: string[]; matrix: number[][] } }[];
    label_rates?: { scorer: string; label: string; rate: number; ci_low: number; ci_high: number }[];
    judge_consistency?: { scorer: string; cases: number; samples_per_case: number }[];
    consistency?: { repeats: number; pass_at_k: number; pass_hat_k: number; flaky_count: number };
  }[];
  comparisons?: { a: string; b: string; metric: string; verdict: string; statement: string; cases_needed: number | null }[];
}

const answers = ["Paris is the capital of France.", "Water boils at 100 degrees Celsius at sea level.", "The Eiffel Tower was finished in 1889.", "Cards arrive within five working days."];

function qaCases(count: number): string {
  return Array.from({ length: count }, (_, index) => {
    const answer = answers[index % answers.length]!;
    return JSON.stringify({ id: `q${index}`, input: `Question ${index}? Contact me at person${index}@example.com`, expected: answer, label: index % 3 === 0 ? "billing" : "cards" });
  }).join("\n");
}

const judgeScript = `export default async function judge({ prompt }) {
  // A deterministic stand-in judge: grades by the length of the prompt, answers in messy text.
  const grade = 1 + (prompt.length % 5);
  return "I considered the answer carefully.\\n\`\`\`json\\n" + JSON.stringify({ reason: "stand-in", grade }) + "\\n\`\`\`";
}
`;

const project = `project: scoring
datasets:
  qa: { path: qa.jsonl }
  intents: { path: qa.jsonl, expected: label }
providers:
  right: { type: simulated, response: expected, concurrency: 8 }
  echo: { type: simulated, response: echo, concurrency: 8 }
  judge: { type: script, path: judge.mjs }
evals:
  qa:
    dataset: qa
    repeats: 2
    candidates:
      - provider: right
      - provider: echo
    scorers:
      - type: exact-match
      - type: f1
      - type: rougeL
      - type: bleu
      - type: chrf
      - type: levenshtein
      - type: pii
      - type: sentiment
      - type: toxicity
      - type: llm-rubric
        provider: judge
        rubric: The answer is correct and polite.
  routing:
    dataset: intents
    candidates:
      - provider: right
    scorers:
      - type: classification
`;

describe("issue-3 scorers and statistics through tuneops eval", () => {
  it("reports corpus BLEU, classification, safety rates, judge consistency, repeat consistency and paired comparisons", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "qa.jsonl": qaCases(40), "judge.mjs": judgeScript });
    const result = await runCli(["eval", "qa", "--json", "--judge-samples", "2"], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    const right = summary.candidates.find((candidate) => candidate.id === "right")!;
    const echo = summary.candidates.find((candidate) => candidate.id === "echo")!;
    const metric = (candidate: typeof right, name: string) => candidate.metrics.find((entry) => entry.name === name);
    expect(metric(right, "exact-match")?.mean).toBe(1);
    expect(metric(echo, "exact-match")?.mean).toBe(0);
    const bleu = metric(right, "bleu (corpus)");
    expect(bleu?.kind).toBe("corpus");
    expect(bleu?.mean).toBeCloseTo(100, 6);
    expect(metric(echo, "bleu (corpus)")?.mean).toBeLessThan(20);
    expect(metric(right, "pass_rate")?.method).toBe("clustered");
    expect(right.consistency?.repeats).toBe(2);
    expect(echo.label_rates?.some((rate) => rate.scorer === "pii" && rate.label === "email" && rate.rate === 1)).toBe(true);
    expect(right.label_rates?.some((rate) => rate.scorer === "pii" && rate.label === "none" && rate.rate === 1)).toBe(true);
    expect(right.judge_consistency?.[0]).toMatchObject({ scorer: "llm-rubric", samples_per_case: 2 });
    const exact = summary.comparisons?.find((comparison) => comparison.metric === "exact-match");
    expect(exact).toMatchObject({ a: "right", b: "echo", verdict: "a" });
    expect(exact?.statement).toMatch(/^right is better than echo on exact-match/);

    const routing = await runCli(["eval", "routing", "--json"], { cwd: dir });
    expect(routing.code, routing.stderr).toBe(0);
    const report = (JSON.parse(routing.stdout) as Summary).candidates[0]!.classification![0]!;
    expect(report.scorer).toBe("classification");
    expect(report.confusion.labels.sort()).toEqual(["billing", "cards"]);
    expect(report.accuracy).toBe(1);
  });

  it("compares two runs on the cases both ran", async () => {
    const dir = await tempProject({ "tuneops.yaml": project.replace("repeats: 2", "repeats: 1"), "qa.jsonl": qaCases(30), "judge.mjs": judgeScript });
    const first = JSON.parse((await runCli(["eval", "qa", "--json"], { cwd: dir })).stdout) as Summary;
    const second = JSON.parse((await runCli(["eval", "qa", "--json"], { cwd: dir })).stdout) as Summary;
    const compared = await runCli(["runs", "compare", first.run.id, second.run.id, "--candidate-a", "right", "--candidate-b", "echo", "--json"], { cwd: dir });
    expect(compared.code, compared.stderr).toBe(0);
    const [entry] = JSON.parse(compared.stdout) as { shared_cases: number; comparisons: { metric: string; verdict: string }[] }[];
    expect(entry?.shared_cases).toBe(30);
    expect(entry?.comparisons.find((comparison) => comparison.metric === "f1")?.verdict).toBe("a");
    const same = await runCli(["runs", "compare", first.run.id, second.run.id], { cwd: dir });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/cannot tell right@.* and right@.* apart on exact-match with n = 30/);
  });
});

describe("tuneops score", () => {
  it("prints reference metric values as JSON", async () => {
    const rouge = await runCli(["score", "rougeL", "--output", "testing one", "--expected", "testing one two", "--json"], { cwd: process.cwd() });
    expect(rouge.code, rouge.stderr).toBe(0);
    const value = JSON.parse(rouge.stdout) as { score: number; precision: number; recall: number; f: number };
    expect(value.precision).toBe(1);
    expect(value.recall).toBeCloseTo(2 / 3, 12);
    expect(value.f).toBeCloseTo(0.8, 12);
    const bleu = await runCli(["score", "bleu", "--output", "a test", "--expected", "a test", "--json"], { cwd: process.cwd() });
    // sacrebleu computes exp(log 100) = 100.00000000000004 too, and prints it as 100.0.
    expect((JSON.parse(bleu.stdout) as { score: number }).score).toBeCloseTo(100, 10);
    const squad = await runCli(["score", "f1", "--output", "in 1889.", "--expected", "1889", "--expected", "in the year 1889", "--json"], { cwd: process.cwd() });
    const f1 = JSON.parse(squad.stdout) as { score: number; precision: number; recall: number; f: number };
    expect(f1.score).toBeCloseTo(0.8, 6);
    // "in 1889" against "in year 1889" (articles dropped): both output tokens match, 2 of 3 reference tokens.
    expect(f1.precision).toBe(1);
    expect(f1.recall).toBeCloseTo(2 / 3, 12);
    expect(f1.f).toBeCloseTo(f1.score, 12);
    const unknown = await runCli(["score", "blue", "--output", "x", "--expected", "y"], { cwd: process.cwd() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("bleu");
  });
});
