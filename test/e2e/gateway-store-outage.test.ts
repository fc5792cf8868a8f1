import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../../src/providers/testing/mock-server.js";
import { startOpenAiMockServer } from "../../src/providers/testing/openai-mock-server.js";
import { startCli, tempProject, type CliResult } from "../support/cli.js";

/**
 * Issue 14, item 2: with bodies logged, a store that is locked or full never freezes the gateway. It
 * keeps serving and answering /healthz, keeps its rows in a bounded queue, writes them once the store is
 * back, and stops on SIGTERM.
 */

let upstream: MockServer;
beforeAll(async () => {
  upstream = await startOpenAiMockServer({ apiKey: "sk-outage-upstream" });
});
afterAll(async () => {
  await upstream.close();
});

function project(logging: string): string {
  return `project: outage
gateway:
  targets:
    mock: { base_url: "${upstream.url}", api_key_env: OUTAGE_UPSTREAM_KEY, model: mock-model }
  routes:
    chat: { targets: [mock] }
  logging: { bodies: true, redact_bodies: false, ${logging} }
`;
}

async function startGateway(cwd: string): Promise<{ base: string; child: ChildProcess; done: Promise<CliResult> }> {
  const { child, done } = startCli(["gateway", "--port", "0"], { cwd, env: { OUTAGE_UPSTREAM_KEY: "sk-outage-upstream" } });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (\S+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    void done.then((result) => reject(new Error(`gateway exited early: ${result.stderr}`)));
  });
  return { base: url.replace(/\/v1$/, ""), child, done };
}

/** A chat request with a large prompt (its body is logged). */
async function ask(base: string, index: number, promptBytes: number): Promise<number> {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer client" },
    body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: `${index} ${"x".repeat(promptBytes)}` }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 1_200; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function metric(text: string, name: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(" ")[1]);
}

function rowCount(databasePath: string): number {
  const reader = new BetterSqlite3(databasePath, { readonly: true });
  try {
    return (reader.prepare("select count(*) as n from requests").get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

describe("the gateway under a store outage, with bodies logged", () => {
  it("keeps serving through a 6-second write lock and writes every row afterwards", async () => {
    const cwd = await tempProject({ "tuneops.yaml": project("flush_ms: 20") });
    const gateway = await startGateway(cwd);
    const database = join(cwd, ".tuneops", "tuneops.db");
    expect(await ask(gateway.base, 0, 100)).toBe(200);
    await until(() => rowCount(database) === 1, "the first row");
    // Another connection holds the write lock for 6 s: longer than the log thread's busy timeout (5 s).
    const locker = new BetterSqlite3(database);
    locker.pragma("busy_timeout = 5000");
    locker.exec("begin immediate");
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        locker.exec("rollback");
        locker.close();
        resolve();
      }, 6_000),
    );
    let answered = 1;
    let healthy = 0;
    while (answered < 401) {
      const statuses = await Promise.all(Array.from({ length: 50 }, (_, index) => ask(gateway.base, answered + index, 30_000)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      answered += 50;
      if ((await fetch(`${gateway.base}/healthz`)).status === 200) healthy++;
    }
    expect(healthy).toBe(8);
    await released;
    await until(() => rowCount(database) === answered, "every row after the lock");
    const metrics = await (await fetch(`${gateway.base}/metrics`)).text();
    expect(metric(metrics, "tuneops_gateway_log_rows_dropped_total")).toBe(0);
    gateway.child.kill("SIGTERM");
    const result = await gateway.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${answered} requests logged`);
    // One line about the outage and one about its end, not one per failed write.
    expect(result.stderr.match(/the store refuses writes/g)?.length ?? 0).toBeLessThanOrEqual(2);
  }, 60_000);

  it("stops on SIGTERM while the store stays locked, counting the rows it could not write", async () => {
    const cwd = await tempProject({ "tuneops.yaml": project("flush_ms: 20") });
    const gateway = await startGateway(cwd);
    const database = join(cwd, ".tuneops", "tuneops.db");
    const locker = new BetterSqlite3(database);
    locker.exec("begin immediate");
    try {
      const statuses = await Promise.all(Array.from({ length: 100 }, (_, index) => ask(gateway.base, index, 30_000)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      gateway.child.kill("SIGTERM");
      const result = await gateway.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/request logs: \d+ row\(s\) could not be written before shutdown/);
    } finally {
      locker.exec("rollback");
      locker.close();
    }
  }, 60_000);

  const root = process.getuid?.() === 0;
  it.skipIf(!root)("keeps serving on a full disk, sheds bodies past its bound and writes the rows once there is room (needs root for a tmpfs)", async () => {
    const mount = mkdtempSync(join(tmpdir(), "tuneops-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
    try {
      const cwd = join(mount, "project");
      mkdirSync(cwd);
      writeFileSync(join(cwd, "tuneops.yaml"), project("flush_ms: 20, max_pending_mb: 2"));
      const gateway = await startGateway(cwd);
      const database = join(cwd, ".tuneops", "tuneops.db");
      expect(await ask(gateway.base, 0, 100)).toBe(200);
      await until(() => rowCount(database) === 1, "the first row");
      // Fill the file system: writes of the log thread now fail with SQLITE_FULL.
      const filler = join(mount, "filler");
      try {
        execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"], { stdio: "ignore" });
      } catch {
        // dd stops with an error when the disk is full: that is the point.
      }
      const statuses = await Promise.all(Array.from({ length: 150 }, (_, index) => ask(gateway.base, index + 1, 30_000)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect((await fetch(`${gateway.base}/healthz`)).status).toBe(200);
      const during = await (await fetch(`${gateway.base}/metrics`)).text();
      expect(metric(during, "tuneops_gateway_log_write_failures_total")).toBeGreaterThan(0);
      expect(metric(during, "tuneops_gateway_log_bodies_dropped_total")).toBeGreaterThan(0);
      expect(metric(during, "tuneops_gateway_log_queue_bytes")).toBeLessThanOrEqual(2 * 1024 * 1024);
      rmSync(filler);
      await until(() => rowCount(database) === 151, "every row once there is room");
      gateway.child.kill("SIGTERM");
      const result = await gateway.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/database or disk is full/);
      expect(result.stderr).toMatch(/accepts writes again/);
    } finally {
      execFileSync("umount", ["-l", mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  }, 60_000);
});
