import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

const project = (judge: string) => `project: arena
datasets:
  qa: { path: qa.jsonl }
providers:
  full: { type: simulated, response: expected }
  terse: { type: simulated, response: "ok" }
  grader: { type: script, path: judge.mjs }
evals:
  qa:
    dataset: qa
    candidates:
      - provider: full
      - provider: terse
    scorers:
      - type: exact-match
${judge}`;

// A stand-in judge: prefers the longer answer, answering in prose with an MT-Bench verdict.
const judgeScript = `export default async function judge({ prompt }) {
  const a = /<answer_a>\\n([\\s\\S]*?)\\n<\\/answer_a>/.exec(prompt)[1];
  const b = /<answer_b>\\n([\\s\\S]*?)\\n<\\/answer_b>/.exec(prompt)[1];
  return "The longer answer covers more. " + (a.length > b.length ? "[[A]]" : a.length < b.length ? "[[B]]" : "[[C]]");
}
`;

const cases = Array.from({ length: 6 }, (_, index) => JSON.stringify({ id: `q${index}`, input: `Explain step ${index}.`, expected: `Step ${index} means doing the thing carefully.` })).join("\n");

interface Ratings {
  battles: number;
  bootstrap: number;
  models: { model: string; rating: number; ci_low: number | null; ci_high: number | null; rank: number; battles: number }[];
}

describe("tuneops arena", () => {
  it("judges two candidates' outputs, imports battles, rates them and reports judge quality", async () => {
    const dir = await tempProject({ "tuneops.yaml": project("arena:\n  judge: grader\n"), "qa.jsonl": cases, "judge.mjs": judgeScript });
    expect((await runCli(["eval"], { cwd: dir })).code).toBe(0);
    const runs = JSON.parse((await runCli(["runs", "list", "--json"], { cwd: dir })).stdout) as { id: string }[];
    const runId = runs[0]!.id;

    const judged = await runCli(["arena", "judge", "--run", runId, "--json"], { cwd: dir });
    expect(judged.code, judged.stderr).toBe(0);
    expect(JSON.parse(judged.stdout)).toMatchObject({ judge: "grader", pairs: 6, judged: 6, failed: 0, inconsistent: 0 });
    expect(judged.stderr).toContain("progress 100%");
    const again = await runCli(["arena", "judge", "--run", runId, "--json"], { cwd: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ already_judged: 6, judged: 0 });

    // People mostly agree with the judge; one votes the other way. Cases are named by index (no id field).
    const votes = [
      ...Array.from({ length: 5 }, (_, index) => ({ a: "full", b: "terse", winner: "a", judge: "human:panel", case: String(index) })),
      { a: "terse", b: "full", winner: "a", judge: "human:panel", case: "5" },
    ];
    await writeFile(join(dir, "votes.jsonl"), `${votes.map((vote) => JSON.stringify(vote)).join("\n")}\n`);
    const imported = await runCli(["arena", "import", "votes.jsonl"], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("imported 6 battles from votes.jsonl");
    // The same battles again are kept once; --allow-duplicates insists.
    const twice = await runCli(["arena", "import", "votes.jsonl", "--json"], { cwd: dir });
    expect(JSON.parse(twice.stdout)).toEqual({ file: "votes.jsonl", imported: 0, already_imported: 6 });
    const other = await tempProject({ "tuneops.yaml": project(""), "qa.jsonl": cases, "judge.mjs": judgeScript, "votes.jsonl": `${votes.map((vote) => JSON.stringify(vote)).join("\n")}\n` });
    await runCli(["arena", "import", "votes.jsonl"], { cwd: other });
    const once = await runCli(["arena", "import", "votes.jsonl"], { cwd: other });
    expect(once.stdout).toContain("imported 0 battles from votes.jsonl; 6 were imported before");
    const insisted = await runCli(["arena", "import", "votes.jsonl", "--allow-duplicates", "--json"], { cwd: other });
    expect(JSON.parse(insisted.stdout)).toMatchObject({ imported: 6 });
    const counted = JSON.parse((await runCli(["arena", "rate", "--json", "--bootstrap", "0"], { cwd: other })).stdout) as Ratings;
    expect(counted.battles).toBe(12);

    const rated = await runCli(["arena", "rate", "--json", "--bootstrap", "50", "--html", "out/arena.html"], { cwd: dir });
    expect(rated.code, rated.stderr).toBe(0);
    const ratings = JSON.parse(rated.stdout) as Ratings;
    expect(ratings).toMatchObject({ battles: 12, bootstrap: 50 });
    expect(ratings.models.map((model) => model.model)).toEqual(["full", "terse"]);
    expect(ratings.models[0]!.rank).toBe(1);
    for (const model of ratings.models) expect(Object.keys(model)).toEqual(expect.arrayContaining(["model", "rating", "ci_low", "ci_high", "battles"]));
    const html = await readFile(join(dir, "out/arena.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain('class="interval"');
    expect(html).toContain("<h2>Judges</h2>");

    const table = await runCli(["arena", "rate", "--source", "judge"], { cwd: dir });
    expect(table.stdout).toMatch(/rank\s+model\s+rating\s+ci_low\s+ci_high\s+battles/);
    expect(table.stdout).toContain("over 6 battles");

    const quality = await runCli(["arena", "judges", "--json"], { cwd: dir });
    const judges = JSON.parse(quality.stdout) as { judge: string; order_consistency: { rate: number }; first_shown_wins: { n: number; rate: number }; human_agreement: { n: number; rate: number; kappa: number } | null }[];
    const grader = judges.find((judge) => judge.judge === "grader")!;
    expect(grader.order_consistency.rate).toBe(1);
    expect(grader.first_shown_wins).toMatchObject({ n: 12, rate: 0.5 });
    // The judge always picks "full"; people did on 5 of 6 cases. A constant judge earns no kappa.
    expect(grader.human_agreement).toMatchObject({ n: 6, rate: 5 / 6, kappa: 0 });
    expect(judges.map((judge) => judge.judge)).toContain("human:panel");
  });

  it("rates a battles file without a project, and names bad lines and flags", async () => {
    const dir = await tempProject({
      "battles.jsonl": ['{"a": "x", "b": "y", "winner": "a"}', '{"a": "y", "b": "x", "winner": "tie"}', '{"a": "x", "b": "y", "winner": "b"}', '{"a": "x", "b": "y", "winner": "a"}'].join("\n"),
      "bad.jsonl": '{"a": "x", "b": "y", "winner": "a"}\n{"a": "x", "b": "y", "winner": "both"}\n',
    });
    const rated = await runCli(["arena", "rate", "--battles", "battles.jsonl", "--json", "--bootstrap", "20"], { cwd: dir });
    expect(rated.code, rated.stderr).toBe(0);
    expect((JSON.parse(rated.stdout) as Ratings).models.map((model) => model.model)).toEqual(["x", "y"]);

    const bad = await runCli(["arena", "import", "bad.jsonl"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.jsonl:2: winner");
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const anchor = await runCli(["arena", "rate", "--battles", "battles.jsonl", "--anchor", "z"], { cwd: dir });
    expect(anchor.code).toBe(2);
    expect(anchor.stderr).toContain("--anchor z");
    const rounds = await runCli(["arena", "rate", "--battles", "battles.jsonl", "--bootstrap", "-1"], { cwd: dir });
    expect(rounds.code).toBe(2);
    expect(rounds.stderr).toContain("--bootstrap -1");
    const empty = await runCli(["arena", "rate"], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no battles to rate");
  });

  it("names the groups of models that never met and ranks within each", async () => {
    const lines = [
      ...Array.from({ length: 6 }, () => ({ a: "p", b: "q", winner: "a" })),
      ...Array.from({ length: 3 }, () => ({ a: "p", b: "q", winner: "b" })),
      ...Array.from({ length: 5 }, () => ({ a: "r", b: "s", winner: "a" })),
      ...Array.from({ length: 4 }, () => ({ a: "r", b: "s", winner: "b" })),
    ];
    const dir = await tempProject({ "groups.jsonl": lines.map((line) => JSON.stringify(line)).join("\n") });
    const rated = await runCli(["arena", "rate", "--battles", "groups.jsonl", "--bootstrap", "30"], { cwd: dir });
    expect(rated.code, rated.stderr).toBe(0);
    expect(rated.stdout).toContain("2 groups of models that never met: group 1 (p, q); group 2 (r, s)");
    expect(rated.stdout).not.toContain("inf");
    const json = JSON.parse((await runCli(["arena", "rate", "--battles", "groups.jsonl", "--bootstrap", "30", "--json"], { cwd: dir })).stdout) as Ratings & { groups: unknown };
    expect(json.groups).toEqual([
      { group: 1, models: ["p", "q"] },
      { group: 2, models: ["r", "s"] },
    ]);
    expect(json.models.map((model) => [model.model, model.rank])).toEqual([
      ["p", 1],
      ["q", 1],
      ["r", 1],
      ["s", 1],
    ]);
    for (const model of json.models) expect(model.ci_low !== null && model.ci_high !== null).toBe(true);
  });

  it("asks for a judge when neither --judge nor arena.judge names one", async () => {
    const dir = await tempProject({ "tuneops.yaml": project(""), "qa.jsonl": cases, "judge.mjs": judgeScript });
    const result = await runCli(["arena", "judge", "--run", "anything"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--judge");
  });
});
