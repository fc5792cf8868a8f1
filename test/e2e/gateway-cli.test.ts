import type { ChildProcess } from "node:child_process";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { runCli, startCli, tempProject, type CliResult } from "../support/cli.js";

let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer({ apiKey: "sk-e2e-upstream" });
});
afterAll(async () => {
  await upstream.close();
});

/** Starts `tuneops gateway ...` and resolves with its base URL once it listens. */
async function startGateway(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ url: string; child: ChildProcess; done: Promise<CliResult> }> {
  const { child, done } = startCli(["gateway", "--port", "0", ...args], options);
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

describe("tuneops gateway", () => {
  it("forwards to one upstream, writes every log row on SIGTERM and lists them with tuneops logs", async () => {
    const cwd = await tempProject({});
    const gateway = await startGateway(["--upstream", upstream.url, "--upstream-key-env", "E2E_UPSTREAM_KEY"], { cwd, env: { E2E_UPSTREAM_KEY: "sk-e2e-upstream" } });
    const client = new OpenAI({ baseURL: gateway.url, apiKey: "client-key", maxRetries: 0 });
    const total = 120;
    await Promise.all(
      Array.from({ length: total }, async (_, index) => {
        if (index % 2 === 0) {
          await client.chat.completions.create({ model: "any-model", messages: [{ role: "user", content: `hello ${index}` }] });
        } else {
          const stream = await client.chat.completions.create({ model: "any-model", messages: [{ role: "user", content: `hello ${index}` }], stream: true });
          for await (const _chunk of stream) void _chunk;
        }
      }),
    );
    // Forwarding any model, the gateway lists the upstream's models.
    expect((await client.models.list()).data.map((model) => model.id)).toContain("mock-model");
    // SIGTERM right after the last answer: the rows still in memory must reach the store.
    gateway.child.kill("SIGTERM");
    const result = await gateway.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${total} requests logged`);
    const logs = await runCli(["logs", "--limit", "1000", "--json"], { cwd });
    expect(logs.code).toBe(0);
    const rows = JSON.parse(logs.stdout) as { status: number; stream: boolean; input_tokens: number; route: string; target: string }[];
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.status === 200 && row.input_tokens > 0 && row.route === "*" && row.target === "upstream")).toBe(true);
    expect(rows.filter((row) => row.stream)).toHaveLength(total / 2);
    expect(logs.stdout).not.toContain("sk-e2e-upstream");
    const plain = await runCli(["logs", "--limit", "3"], { cwd });
    // A header row, then the rows.
    expect(plain.stdout.trim().split("\n")).toHaveLength(4);
    expect(plain.stdout).toMatch(/^TIME\s+ID\s+STATUS\s+KEY\s/);
  });

  it("serves a project's gateway section, with stored keys", async () => {
    const cwd = await tempProject({
      "tuneops.yaml": `project: gw
gateway:
  targets:
    mock: { base_url: "${upstream.url}", api_key_env: E2E_UPSTREAM_KEY, model: mock-model }
  routes:
    chat: { targets: [mock] }
`,
    });
    const created = await runCli(["gateway", "keys", "create", "team", "--rpm", "100", "--json"], { cwd });
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const listed = await runCli(["gateway", "keys", "list", "--json"], { cwd });
    expect(listed.stdout).not.toContain(key);
    const gateway = await startGateway([], { cwd, env: { E2E_UPSTREAM_KEY: "sk-e2e-upstream" } });
    const ask = (apiKey: string, model = "chat") => new OpenAI({ baseURL: gateway.url, apiKey, maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: "user", content: "keyed" }] });
    try {
      await expect(ask("nope")).rejects.toMatchObject({ status: 401 });
      const completion = await ask(key);
      expect(completion.choices[0]?.message.content).toBe("keyed");
      await expect(ask(key, "other")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
      // A key created while the gateway runs works at once; a revoked one stops on SIGHUP.
      const late = JSON.parse((await runCli(["gateway", "keys", "create", "late", "--routes", "chat", "--expires", "30d", "--json"], { cwd })).stdout) as { key: string };
      await ask(late.key);
      expect((await runCli(["gateway", "keys", "list"], { cwd })).stdout).toMatch(/late\s.*expires .*routes chat/);
      expect((await runCli(["gateway", "keys", "revoke", "late"], { cwd })).code).toBe(0);
      gateway.child.kill("SIGHUP");
      // Liveness, not timing: the machine may be loaded (the 2 s bound comes from keys_refresh_ms).
      await vi.waitFor(() => expect(ask(late.key)).rejects.toMatchObject({ status: 401 }), { timeout: 15_000, interval: 50 });
      const bad = await runCli(["gateway", "keys", "create", "x", "--expires", "last week"], { cwd });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--expires must be");
    } finally {
      gateway.child.kill("SIGTERM");
      await gateway.done;
    }
    // Filters: one key's refused requests, by status class; the table shows the key column.
    const statusesOf = async (args: string[]): Promise<[number, string | null][]> =>
      (JSON.parse((await runCli(["logs", ...args, "--json"], { cwd })).stdout) as { status: number; key: string | null }[]).map((row) => [row.status, row.key]);
    expect(await statusesOf(["--key", "team", "--status", "4xx"])).toEqual([[404, "team"]]);
    // Until the SIGHUP landed the late key still worked; after it, its requests are unknown keys.
    const late = await statusesOf(["--key", "late"]);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every(([status, key]) => status === 200 && key === "late")).toBe(true);
    // Unknown keys are counted in a metric, not logged: the only 4xx row of the last hour is team's 404.
    expect(await statusesOf(["--status", "4xx", "--since", "1h"])).toEqual([[404, "team"]]);
    const table = await runCli(["logs", "--key", "team"], { cwd });
    expect(table.stdout.split("\n")[1]).toMatch(/\s404\s+team\s/);
  });

  it("serves with several worker processes", async () => {
    const cwd = await tempProject({});
    const gateway = await startGateway(["--upstream", upstream.url, "--upstream-key-env", "E2E_UPSTREAM_KEY", "--workers", "2"], { cwd, env: { E2E_UPSTREAM_KEY: "sk-e2e-upstream" } });
    const client = new OpenAI({ baseURL: gateway.url, apiKey: "x", maxRetries: 0 });
    await Promise.all(Array.from({ length: 20 }, (_, index) => client.chat.completions.create({ model: "m", messages: [{ role: "user", content: `w${index}` }] })));
    gateway.child.kill("SIGTERM");
    expect((await gateway.done).code).toBe(0);
    const logs = await runCli(["logs", "--limit", "100", "--json"], { cwd });
    expect(JSON.parse(logs.stdout)).toHaveLength(20);
  });

  it("explains bad configuration with the file, line and field", async () => {
    const cwd = await tempProject({
      "tuneops.yaml": `project: gw
gateway:
  targets:
    mock: { base_url: "${upstream.url}" }
  routes:
    chat: { targets: [mcok] }
`,
    });
    const result = await runCli(["gateway"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tuneops\.yaml:6/);
    expect(result.stderr).toContain('unknown target "mcok"');
    expect(result.stderr).toContain('did you mean "mock"');
    const none = await runCli(["gateway"], { cwd: await tempProject({}) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--upstream");
    const badPort = await runCli(["gateway", "--upstream", upstream.url, "--port", "http"], { cwd });
    expect(badPort.code).toBe(2);
  });
});
