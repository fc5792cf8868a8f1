import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

const cases = Array.from({ length: 60 }, (_, index) => JSON.stringify({ id: `c${index}`, input: `question ${index}`, expected: `answer ${index}` })).join("\n") + "\n";
const project = `project: demo
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  prompted: { type: simulated, response: echo }
  tuned: { type: simulated, response: expected, model: "ft:gpt-4o-mini:demo" }
evals:
  support:
    dataset: cases
    candidates:
      - { id: incumbent, provider: prompted, prompt: "{{ input }}" }
      - { id: tuned, provider: tuned, prompt: "{{ input }}" }
    scorers:
      - type: equals
gateway:
  targets:
    openai: { base_url: "https://api.openai.com/v1" }
  routes:
    support-chat: { targets: [openai] }
`;

describe("tuneops models", () => {
  it("promotes a registered model through the evaluation gate to a canary, lists lineage, rolls back in one command", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "cases.jsonl": cases });
    const evaluated = await runCli(["eval", "--json"], { cwd: dir });
    expect(evaluated.code).toBe(0);
    const runId = (JSON.parse(evaluated.stdout) as { run: { id: string } }).run.id;
    expect((await runCli(["models", "register", "prompt-v1", "--target", "gpt-4o", "--use-case", "support", "--active"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["models", "register", "ft-v2", "--target", "ft:gpt-4o-mini:demo", "--use-case", "support", "--base-model", "gpt-4o-mini"], { cwd: dir })).code).toBe(0);

    // The gate must have measured the model promoted, and the route must exist in the gateway's configuration.
    const wrongCandidate = await runCli(["models", "promote", "ft-v2", "--run", runId, "--candidate", "incumbent", "--incumbent", "tuned"], { cwd: dir });
    expect(wrongCandidate.code).toBe(2);
    expect(wrongCandidate.stderr).toContain(`candidate "incumbent" of run ${runId} called provider prompted (simulated, model simulated), not model ft-v2 (target ft:gpt-4o-mini:demo)`);
    const noRoute = await runCli(["models", "promote", "ft-v2", "--run", runId, "--candidate", "tuned", "--incumbent", "incumbent", "--route", "support"], { cwd: dir });
    expect(noRoute.code).toBe(2);
    expect(noRoute.stderr).toContain("--route support: no such route in gateway.routes of tuneops.yaml");
    expect(noRoute.stderr).toContain("Routes: support-chat.");

    const promoted = await runCli(["models", "promote", "ft-v2", "--run", runId, "--candidate", "tuned", "--incumbent", "incumbent", "--canary", "10", "--route", "support-chat", "--require", "better", "--json"], { cwd: dir });
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ gate: { passed: true, shared_cases: 60, comparison: { verdict: "b" } }, promotion: { status: "canary", canaryPercent: 10, route: "support-chat", previousModelId: "prompt-v1" } });

    const listed = JSON.parse((await runCli(["models", "list", "--json"], { cwd: dir })).stdout) as { id: string; status: string; eval_runs: string[] }[];
    expect(listed.map((model) => [model.id, model.status])).toEqual([
      ["ft-v2", "canary"],
      ["prompt-v1", "active"],
    ]);
    expect(listed[0]?.eval_runs).toEqual([runId]);
    const shown = await runCli(["models", "show", "ft-v2"], { cwd: dir });
    expect(shown.stdout).toMatch(/promote -> ft-v2 canary 10% on route support-chat/);

    const rolledBack = await runCli(["models", "rollback", "support"], { cwd: dir });
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.stdout).toContain("rolled back ft-v2 in support; active: prompt-v1");
    const after = JSON.parse((await runCli(["models", "list", "--json"], { cwd: dir })).stdout) as { id: string; status: string }[];
    expect(after.map((model) => model.status)).toEqual(["rolled-back", "active"]);
  });
});
