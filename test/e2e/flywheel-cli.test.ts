import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockChatRequest } from "../../src/providers/testing/mock-reply.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { runCli, startCli, tempProject, type CliResult } from "../support/cli.js";

/**
 * The loop, end to end through the CLI: gateway traffic and feedback -> dataset from the logs -> a
 * fine-tuning job (local stand-in trainer) -> registered model -> evaluation gate against the incumbent
 * -> canary on the live gateway route -> rollback. The incumbent upstream knows the answer to even
 * questions only; the server of the fine-tuned weights (a mock standing in for vLLM) knows them all.
 */
const questionNumber = (request: MockChatRequest): number => Number(/question (\d+)/.exec(request.messages.at(-1)?.content ?? "")?.[1] ?? -1);
let incumbent: MockServer;
let tuned: MockServer;
beforeAll(async () => {
  incumbent = await startOpenAiMockServer({ reply: (request) => (questionNumber(request) % 2 === 0 ? `answer ${questionNumber(request)}` : "not sure") });
  tuned = await startOpenAiMockServer({ reply: (request) => `answer ${questionNumber(request)}` });
});
afterAll(async () => {
  await incumbent.close();
  await tuned.close();
});

const standIn = new URL("../../src/finetune/testing/stand-in-trainer.mjs", import.meta.url).pathname;
const evalCases = Array.from({ length: 60 }, (_, index) => JSON.stringify({ id: `c${100 + index}`, input: `question ${100 + index}`, expected: `answer ${100 + index}` })).join("\n") + "\n";

/** The project; the fine-tuned provider calls `tunedModel` (the registered model's target once the job has run). */
function project(tunedModel = "tuned"): string {
  return `project: loop
gateway:
  promotions_refresh_ms: 100
  logging: { bodies: true, redact_bodies: false, flush_ms: 20 }
  targets:
    base: { base_url: "${incumbent.url}", model: base-model }
    tuned-server: { base_url: "${tuned.url}" }
  routes:
    support: { targets: [base], sticky_header: x-user-id }
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  prompted: { type: openai-compatible, model: base-model, base_url: "${incumbent.url}", local: false, concurrency: 4 }
  finetuned: { type: openai-compatible, model: ${JSON.stringify(tunedModel)}, base_url: "${tuned.url}", local: false, concurrency: 4 }
evals:
  support:
    dataset: cases
    candidates:
      - { id: incumbent, provider: prompted, prompt: "{{ input }}" }
      - { id: tuned, provider: finetuned, prompt: "{{ input }}" }
    scorers:
      - type: equals
finetune:
  poll_interval_ms: 100
  backends:
    gpu:
      type: local
      command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(standIn)}]
      env: { TUNEOPS_STANDIN_STEP_MS: "10" }
`;
}

/** `tuneops gateway` in the project, with a way to wait for a line of its output. */
interface GatewayProcess {
  url: string;
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Where its output is now: a later `waitFor` looks only at what was printed after it. */
  mark: () => number;
  waitFor: (pattern: RegExp, from: number) => Promise<void>;
}

async function startGateway(cwd: string): Promise<GatewayProcess> {
  const { child, done } = startCli(["gateway", "--port", "0"], { cwd });
  let seen = "";
  const waiters: { pattern: RegExp; from: number; resolve: () => void }[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    seen += chunk.toString();
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(seen.slice(waiter.from))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const waitFor = (pattern: RegExp, from: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (pattern.test(seen.slice(from))) return resolve();
      waiters.push({ pattern, from, resolve });
      void done.then((result) => reject(new Error(`gateway exited: ${result.stderr}`)));
    });
  const listening = new Promise<void>((resolve, reject) => {
    waiters.push({ pattern: /listening on \S+/, from: 0, resolve });
    void done.then((result) => reject(new Error(`gateway exited early: ${result.stderr}`)));
  });
  await listening;
  const url = /listening on (\S+)/.exec(seen)?.[1] ?? "";
  return { url, child, done, mark: () => seen.length, waitFor };
}

async function ask(url: string, question: string, user: string): Promise<{ id: string; answer: string }> {
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-user-id": user },
    body: JSON.stringify({ model: "support", messages: [{ role: "system", content: "Answer briefly." }, { role: "user", content: question }] }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return { id: response.headers.get("x-request-id") ?? "", answer: body.choices[0]?.message.content ?? "" };
}

/** Sends one request per user (8 at a time) and returns how many the fine-tuned model's server answered. */
async function servedByTuned(url: string, users: number): Promise<number> {
  const before = tuned.requests;
  for (let index = 0; index < users; index += 8) {
    await Promise.all(Array.from({ length: Math.min(8, users - index) }, (_, offset) => ask(url, `question ${index + offset}`, `user-${index + offset}`)));
  }
  return tuned.requests - before;
}

describe("the loop: gateway -> dataset -> fine-tune -> registry -> gate -> canary -> rollback", () => {
  it("runs end to end through the CLI", async () => {
    const cwd = await tempProject({ "tuneops.yaml": project(), "cases.jsonl": evalCases });
    const gateway = await startGateway(cwd);
    try {
      // 1. Traffic and feedback: people give a thumb up to right answers, down to the others.
      const questions = [...Array.from({ length: 40 }, (_, index) => (index % 10 === 0 ? `question ${index} (reply to jane.doe${index}@example.com)` : `question ${index}`)), "question 2"];
      for (const [index, question] of questions.entries()) {
        const { id, answer } = await ask(gateway.url, question, `user-${index}`);
        const thumbs = answer.startsWith("answer") ? "up" : "down";
        const feedback = await fetch(`${gateway.url}/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ request_id: id, thumbs }) });
        expect(feedback.status).toBe(201);
      }

      // 2. The dataset: thumbs-up exchanges, PII redacted, the repeated question dropped, 20% held out.
      const dataset = await runCli(["dataset", "from-logs", "--route", "support", "--since", "1h", "--thumbs", "up", "--validation-share", "0.2", "--json"], { cwd });
      expect(dataset.stderr).toBe("");
      expect(dataset.code).toBe(0);
      const counts = JSON.parse(dataset.stdout) as { duplicates: number; redactedExamples: number; skipped: { filtered: number }; train: { path: string; examples: number }; validation: { path: string; examples: number } };
      expect(counts).toMatchObject({ duplicates: 1, redactedExamples: 4, skipped: { filtered: 20 }, train: { examples: 16 }, validation: { examples: 4 } });
      const trainText = readFileSync(join(cwd, counts.train.path), "utf8");
      expect(trainText).not.toContain("@example.com");
      const first = JSON.parse(trainText.split("\n")[0]!) as { messages: { role: string; content: string }[] };
      expect(first.messages.map((message) => message.role)).toEqual(["system", "user", "assistant"]);
      expect(first.messages[2]?.content).toMatch(/^answer \d+$/);

      // 3. The job on the local trainer (stand-in), registering its model for the use case.
      const job = await runCli(["finetune", "start", "--backend", "gpu", "--model", "tiny-random-llama", "--train", counts.train.path, "--validation", counts.validation.path, "--use-case", "support", "--follow", "--json"], { cwd });
      expect(job.code).toBe(0);
      const trained = JSON.parse(job.stdout) as { id: string; state: string; fine_tuned_model: string };
      expect(trained.state).toBe("succeeded");
      // The evaluation calls the fine-tuned model by its registered target, so the gate measures that model.
      writeFileSync(join(cwd, "tuneops.yaml"), project(trained.fine_tuned_model));
      const modelId = `model-${trained.id}`;
      expect(job.stderr).toContain(`registered model ${modelId}`);

      // 4. The gate: a paired comparison with the incumbent on the use case's suite.
      expect((await runCli(["models", "register", "prompt-v1", "--target", "base-model", "--use-case", "support", "--active"], { cwd })).code).toBe(0);
      const evaluated = await runCli(["eval", "support", "--json"], { cwd });
      expect(evaluated.stderr.split("\n").filter((line) => line.startsWith("error") || line.startsWith("hint"))).toEqual([]);
      expect(evaluated.code).toBe(0);
      const runId = (JSON.parse(evaluated.stdout) as { run: { id: string } }).run.id;
      const beforePromotion = gateway.mark();
      const promoted = await runCli(["models", "promote", modelId, "--run", runId, "--candidate", "tuned", "--incumbent", "incumbent", "--require", "better", "--canary", "25", "--route", "support", "--gateway-target", "tuned-server", "--json"], { cwd });
      expect(promoted.code).toBe(0);
      expect(JSON.parse(promoted.stdout)).toMatchObject({ gate: { passed: true, shared_cases: 60 }, promotion: { status: "canary", canaryPercent: 25, route: "support", gatewayTarget: "tuned-server", previousModelId: "prompt-v1" } });

      // 5. The canary on the live route: sticky users split 75/25 (binomial sd about 8.7 of 400).
      await gateway.waitFor(/promoted routes: support: base 75%, tuned-server@\S+ 25%/, beforePromotion);
      const onCanary = await servedByTuned(gateway.url, 400);
      expect(onCanary).toBeGreaterThan(55);
      expect(onCanary).toBeLessThan(145);

      // 6. Rollback: all traffic back on the incumbent, without a restart.
      const beforeRollback = gateway.mark();
      const rolledBack = await runCli(["models", "rollback", "support"], { cwd });
      expect(rolledBack.code).toBe(0);
      await gateway.waitFor(/routes as configured/, beforeRollback);
      expect(await servedByTuned(gateway.url, 100)).toBe(0);

      // The same run also yields a dataset: the best candidate's passing outputs, corrections first.
      const corrections = join(cwd, "corrections.jsonl");
      await import("node:fs/promises").then((fs) => fs.writeFile(corrections, `${JSON.stringify({ case: "c101", output: "answer 101 (checked)" })}\n`));
      const fromBest = JSON.parse((await runCli(["dataset", "from-run", runId, "--validation-share", "0", "--json"], { cwd })).stdout) as { candidate: string; train: { examples: number } };
      expect(fromBest).toMatchObject({ candidate: "tuned", train: { examples: 60 } });
      const fromIncumbent = await runCli(["dataset", "from-run", runId, "--candidate", "incumbent", "--corrections", corrections, "--validation-share", "0", "-o", "datasets/incumbent.jsonl", "--json"], { cwd });
      expect(JSON.parse(fromIncumbent.stdout)).toMatchObject({ candidate: "incumbent", corrected: 1, skipped: { failing: 29 }, train: { examples: 31 } });
      const lines = readFileSync(join(cwd, "datasets/incumbent.jsonl"), "utf8").trim().split("\n");
      expect(lines[1]).toBe(JSON.stringify({ messages: [{ role: "user", content: "question 101" }, { role: "assistant", content: "answer 101 (checked)" }] }));
    } finally {
      gateway.child.kill("SIGTERM");
      await gateway.done;
    }
  });

  it("skips requests logged without bodies, counting them, with a hint to turn body logging on", async () => {
    const cwd = await tempProject({});
    const { child, done } = startCli(["gateway", "--port", "0", "--upstream", incumbent.url], { cwd });
    const url = await new Promise<string>((resolve) => {
      let seen = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening on (\S+)/.exec(seen);
        if (match?.[1]) resolve(match[1]);
      });
    });
    for (let index = 0; index < 3; index++) await ask(url, `question ${index}`, "someone");
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
    const result = await runCli(["dataset", "from-logs"], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("3 chat request(s) read; 0 example(s)");
    expect(result.stdout).toContain("left out: no bodies 3");
    expect(result.stderr).toContain("set gateway.logging.bodies: true");
    const bad = await runCli(["dataset", "from-logs", "--since", "yesterday-ish"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since yesterday-ish is not a time");
  });
});
