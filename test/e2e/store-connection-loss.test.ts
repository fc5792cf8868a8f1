import type { ChildProcess } from "node:child_process";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import { startCli, tempProject, type CliResult } from "../support/cli.js";
import { needs } from "../support/services.js";
import { createFaultSchema, databaseAddress, startTcpProxy, type FaultSchema } from "../../src/store/testing/postgres-faults.js";

/**
 * Issue 14, item 1: a PostgreSQL that drops its connections (pg_terminate_backend, a proxy closing
 * them, a server that is down for a while) ends no process. Each process runs as the CLI runs it.
 */

let upstream: MockServer;
const schemas: FaultSchema[] = [];
beforeAll(async () => {
  upstream = await startOpenAiMockServer({ apiKey: "sk-fault-upstream" });
});
afterAll(async () => {
  await upstream.close();
  for (const schema of schemas) await schema.drop();
});

async function faultSchema(prefix: string): Promise<FaultSchema> {
  const schema = await createFaultSchema(prefix);
  schemas.push(schema);
  return schema;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function startGateway(cwd: string, databaseUrl: string): Promise<{ url: string; child: ChildProcess; done: Promise<CliResult> }> {
  const { child, done } = startCli(["gateway", "--port", "0", "--upstream", upstream.url, "--upstream-key-env", "FAULT_UPSTREAM_KEY"], {
    cwd,
    env: { FAULT_UPSTREAM_KEY: "sk-fault-upstream", TUNEOPS_DATABASE_URL: databaseUrl },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    void done.then((result) => reject(new Error(`gateway exited early: ${result.stderr}`)));
  });
  return { url, child, done };
}

function evalProject(cases: number, latencyMs: number, candidates = "[ { provider: sim } ]"): Promise<string> {
  const lines = Array.from({ length: cases }, (_, index) => JSON.stringify({ id: `c${index}`, input: `q${index}`, expected: `q${index}` }));
  return tempProject({
    "cases.jsonl": `${lines.join("\n")}\n`,
    "tuneops.yaml": `project: faults
datasets:
  cases: { path: cases.jsonl }
providers:
  sim: { type: simulated, response: expected, latency_ms: ${latencyMs}, concurrency: 4 }
evals:
  faults:
    dataset: cases
    candidates: ${candidates}
    scorers: [ { type: equals } ]
`,
  });
}

describe("a PostgreSQL that drops its connections", needs("postgres"), () => {
  it("does not end the gateway: it keeps serving and logs every request", async () => {
    const schema = await faultSchema("gw_drop");
    const cwd = await tempProject({});
    const gateway = await startGateway(cwd, schema.url());
    const client = new OpenAI({ baseURL: gateway.url, apiKey: "client-key", maxRetries: 0 });
    const ask = (index: number) => client.chat.completions.create({ model: "any-model", messages: [{ role: "user", content: `hello ${index}` }] });
    for (let index = 0; index < 10; index++) await ask(index);
    await until(async () => (await schema.count("requests")) === 10, "the first rows");
    // Idle connections terminated: their clients fail in the pool, with no query of ours to fail.
    expect(await schema.terminate()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(gateway.child)).toBe(true);
    // Connections terminated while requests flow and rows are written.
    let answered = 10;
    for (let round = 0; round < 5; round++) {
      const asked = Array.from({ length: 10 }, (_, index) => ask(answered + index));
      await schema.terminate();
      await Promise.all(asked);
      answered += 10;
    }
    expect(alive(gateway.child)).toBe(true);
    expect((await fetch(`${gateway.url.replace(/\/v1$/, "")}/healthz`)).status).toBe(200);
    await until(async () => (await schema.count("requests")) === answered, "every row after the faults");
    gateway.child.kill("SIGTERM");
    const result = await gateway.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${answered} requests logged`);
  });

  it("does not end an eval whose connections are terminated while it writes", async () => {
    const schema = await faultSchema("eval_drop");
    const cwd = await evalProject(240, 20);
    const run = startCli(["eval", "--json"], { cwd, env: { TUNEOPS_DATABASE_URL: schema.url() } });
    let terminated = 0;
    await until(async () => (await schema.count("results").catch(() => 0)) > 0, "the first results");
    while (alive(run.child)) {
      terminated += await schema.terminate();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await run.done;
    expect(terminated).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(0);
    expect(await schema.count("results")).toBe(240);
    expect(await schema.query(`select status from ${schema.schema}.runs`)).toEqual([{ status: "completed" }]);
  });

  it("does not end tuneops serve: the next call after a termination is answered", async () => {
    const schema = await faultSchema("serve_drop");
    const cwd = await evalProject(4, 0, '[ { id: a, provider: sim }, { id: b, provider: sim } ]');
    const env = { TUNEOPS_DATABASE_URL: schema.url() };
    const evaluated = await startCli(["eval"], { cwd, env }).done;
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const serve = startCli(["serve", "--port", "0"], { cwd, env });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let seen = "";
        serve.child.stdout?.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /listening on (http:\/\/[^/\s]+)/.exec(seen);
          if (match?.[1]) resolve(match[1]);
        });
        void serve.done.then((result) => reject(new Error(`serve exited early: ${result.stderr}`)));
      });
      expect((await fetch(`${base}/api/arena/next?voter=a`)).status).toBe(200);
      expect(await schema.terminate()).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(alive(serve.child)).toBe(true);
      expect((await fetch(`${base}/api/arena/next?voter=b`)).status).toBe(200);
    } finally {
      serve.child.kill("SIGTERM");
      await serve.done;
    }
  });

  it("stops an eval whose database stays down as a resumable run, with a clear message and exit 3", async () => {
    const schema = await faultSchema("eval_down");
    const proxy = await startTcpProxy(databaseAddress());
    try {
      const cwd = await evalProject(400, 20);
      const env = { TUNEOPS_DATABASE_URL: schema.url({ port: proxy.port }), TUNEOPS_STORE_RETRY_SECONDS: "1" };
      const run = startCli(["eval"], { cwd, env });
      await until(async () => (await schema.count("results").catch(() => 0)) > 0, "the first results");
      await proxy.down();
      const stopped = await run.done;
      expect(stopped.code, stopped.stderr).toBe(3);
      expect(stopped.stderr).toMatch(/run \S+ stopped because the store could not be written/);
      expect(stopped.stderr).toMatch(/eval --resume \S+/);
      expect(stopped.stderr).not.toMatch(/\n\s+at /);
      const runId = /run (\S+) stopped/.exec(stopped.stderr)?.[1] ?? "";
      const [stored] = await schema.query<{ status: string }>(`select status from ${schema.schema}.runs where id = $1`, [runId]);
      expect(["running", "interrupted"]).toContain(stored?.status);
      const before = await schema.count("results");
      expect(before).toBeLessThan(400);

      await proxy.up();
      const resumed = await startCli(["eval", "--resume", runId], { cwd, env }).done;
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(await schema.count("results")).toBe(400);
      expect(await schema.query(`select status from ${schema.schema}.runs`)).toEqual([{ status: "completed" }]);
    } finally {
      await proxy.close();
    }
  });
});
