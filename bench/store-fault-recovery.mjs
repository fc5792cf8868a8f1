// Recovery from store faults (issue 14): injects each fault into a running tuneops process and measures
// how long the process takes to recover, beside the limit it must stay within. Needs the build (npm run
// build), PostgreSQL (TUNEOPS_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) and, for
// the full disk, root (a tmpfs). Usage: node bench/store-fault-recovery.mjs
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { repoRoot } from "./lib.mjs";
import { startOpenAiMockServer } from "../dist/providers/testing/openai-mock-server.js";
import { createFaultSchema, databaseAddress, startTcpProxy } from "../dist/store/testing/postgres-faults.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const upstream = await startOpenAiMockServer({ apiKey: "sk-bench" });

function project(logging) {
  return `project: faults
gateway:
  targets:
    mock: { base_url: "${upstream.url}", api_key_env: BENCH_UPSTREAM_KEY, model: mock-model }
  routes:
    chat: { targets: [mock] }
  logging: { bodies: true, redact_bodies: false, flush_ms: 20, ${logging} }
`;
}

async function startGateway(cwd, env = {}) {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "gateway", "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true", TUNEOPS_DATABASE_URL: "", BENCH_UPSTREAM_KEY: "sk-bench", ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match) resolve(match[1].replace(/\/v1$/, ""));
    });
    void exited.then(() => reject(new Error(`gateway exited: ${stderr}`)));
  });
  return { url, child, exited, stderr: () => stderr };
}

async function ask(base, index, promptBytes = 20_000) {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: `${index} ${"x".repeat(promptBytes)}` }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Polls until `condition` holds; returns the ms it took (20 ms resolution). */
async function timeUntil(condition, limitMs = 120_000) {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > limitMs) throw new Error("no recovery within the limit");
    await sleep(20);
  }
  return performance.now() - started;
}

function sqliteRows(path) {
  const reader = new BetterSqlite3(path, { readonly: true });
  try {
    return reader.prepare("select count(*) as n from requests").get().n;
  } finally {
    reader.close();
  }
}

async function sendBatch(base, from, count) {
  const statuses = await Promise.all(Array.from({ length: count }, (_, index) => ask(base, from + index)));
  if (!statuses.every((status) => status === 200)) throw new Error(`a request failed during the fault: ${statuses.join(",")}`);
}

const results = [];
const record = (fault, measured, limit, note) => {
  results.push({ fault, ms: Math.round(measured), limit, note });
  console.log(`${fault}: ${Math.round(measured)} ms (${note}; limit ${limit})`);
};

// 1-2. PostgreSQL: pg_terminate_backend, then the database down for 5 s (a proxy refusing connections).
{
  const schema = await createFaultSchema("bench_recovery");
  const proxy = await startTcpProxy(databaseAddress());
  const cwd = mkdtempSync(join(tmpdir(), "tuneops-bench-pg-"));
  writeFileSync(join(cwd, "tuneops.yaml"), project("max_pending_mb: 64"));
  const gateway = await startGateway(cwd, { TUNEOPS_DATABASE_URL: schema.url({ port: proxy.port }) });
  let sent = 0;
  await sendBatch(gateway.url, sent, 20);
  sent += 20;
  await timeUntil(async () => (await schema.count("requests")) === sent);
  const terminated = await schema.terminate();
  const faultAt = performance.now();
  await sendBatch(gateway.url, sent, 20);
  sent += 20;
  await timeUntil(async () => (await schema.count("requests")) === sent);
  record("PostgreSQL pg_terminate_backend (gateway)", performance.now() - faultAt, "the gateway serves throughout", `${terminated} connections ended; fault to the next 20 rows written`);

  await proxy.down();
  for (let second = 0; second < 5; second++) {
    await sendBatch(gateway.url, sent, 20);
    sent += 20;
    await sleep(1000);
  }
  await proxy.up();
  const backAt = performance.now();
  await timeUntil(async () => (await schema.count("requests")) === sent);
  record("PostgreSQL down 5 s (gateway)", performance.now() - backAt, "next try at most 10 s", `database back to every one of ${sent} rows written`);
  gateway.child.kill("SIGTERM");
  await gateway.exited;

  // An eval whose connections are terminated every 300 ms: how much longer the run takes.
  const cases = Array.from({ length: 300 }, (_, index) => JSON.stringify({ id: `c${index}`, input: `q${index}`, expected: `q${index}` })).join("\n");
  writeFileSync(join(cwd, "cases.jsonl"), `${cases}\n`);
  writeFileSync(
    join(cwd, "tuneops.yaml"),
    `project: faults\ndatasets:\n  cases: { path: cases.jsonl }\nproviders:\n  sim: { type: simulated, response: expected, latency_ms: 20, concurrency: 4 }\nevals:\n  faults:\n    dataset: cases\n    candidates: [ { provider: sim } ]\n    scorers: [ { type: equals } ]\n`,
  );
  const runEval = async (withFaults) => {
    const before = await schema.count("results").catch(() => 0);
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "eval", "--no-cache"], { cwd, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CI: "true", TUNEOPS_DATABASE_URL: schema.url() } });
    const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    let terminations = 0;
    let done = false;
    void exited.then(() => (done = true));
    // The faults start once the run writes results (a fault during start-up is a failed start).
    while (withFaults && !done && (await schema.count("results").catch(() => 0)) === before) await sleep(20);
    while (withFaults && !done) {
      terminations += await schema.terminate();
      await sleep(300);
    }
    const code = await exited;
    if (code !== 0) throw new Error(`eval exited ${code}`);
    return { ms: performance.now() - started, terminations };
  };
  const clean = await runEval(false);
  const faulted = await runEval(true);
  record("PostgreSQL pg_terminate_backend every 300 ms (eval, 300 cases)", faulted.ms - clean.ms, "the run completes", `run ${Math.round(faulted.ms)} ms with ${faulted.terminations} connections ended vs ${Math.round(clean.ms)} ms without; extra time shown`);
  await proxy.close();
  await schema.drop();
  rmSync(cwd, { recursive: true, force: true });
}

// 3-4. SQLite: a 6 s write lock; SIGTERM while the lock is held for good.
{
  const cwd = mkdtempSync(join(tmpdir(), "tuneops-bench-lock-"));
  writeFileSync(join(cwd, "tuneops.yaml"), project("max_pending_mb: 64"));
  const gateway = await startGateway(cwd);
  const database = join(cwd, ".tuneops", "tuneops.db");
  await sendBatch(gateway.url, 0, 1);
  await timeUntil(() => sqliteRows(database) === 1);
  const locker = new BetterSqlite3(database);
  locker.exec("begin immediate");
  let sent = 1;
  const lockedAt = performance.now();
  while (performance.now() - lockedAt < 6_000) {
    await sendBatch(gateway.url, sent, 25);
    sent += 25;
    await sleep(250);
  }
  locker.exec("rollback");
  const releasedAt = performance.now();
  await timeUntil(() => sqliteRows(database) === sent);
  record("SQLite write lock held 6 s (gateway, bodies logged)", performance.now() - releasedAt, "next try at most 10 s", `lock released to every one of ${sent} rows written`);
  locker.exec("begin immediate");
  await sendBatch(gateway.url, sent, 50);
  const signalled = performance.now();
  gateway.child.kill("SIGTERM");
  await gateway.exited;
  record("SIGTERM while SQLite stays locked (gateway)", performance.now() - signalled, "30 s", "signal to exit; the unwritten rows counted as dropped");
  locker.exec("rollback");
  locker.close();
  rmSync(cwd, { recursive: true, force: true });
}

// 5. A full disk (tmpfs, needs root).
if (process.getuid?.() === 0) {
  const mount = mkdtempSync(join(tmpdir(), "tuneops-bench-full-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount]);
  try {
    const cwd = join(mount, "project");
    mkdirSync(cwd);
    writeFileSync(join(cwd, "tuneops.yaml"), project("max_pending_mb: 64"));
    const gateway = await startGateway(cwd);
    const database = join(cwd, ".tuneops", "tuneops.db");
    await sendBatch(gateway.url, 0, 1);
    await timeUntil(() => sqliteRows(database) === 1);
    const filler = join(mount, "filler");
    try {
      execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"], { stdio: "ignore" });
    } catch {
      // dd stops when the disk is full.
    }
    await sendBatch(gateway.url, 1, 200);
    await sleep(3_000);
    rmSync(filler);
    const freedAt = performance.now();
    await timeUntil(() => sqliteRows(database) === 201);
    record("Full disk (SQLite on a full tmpfs, gateway, bodies logged)", performance.now() - freedAt, "next try at most 10 s", "space freed to every one of 201 rows written");
    gateway.child.kill("SIGTERM");
    await gateway.exited;
  } finally {
    execFileSync("umount", ["-l", mount]);
    rmSync(mount, { recursive: true, force: true });
  }
}

await upstream.close();
console.log(JSON.stringify({ date: new Date().toISOString(), loadAverage: loadavg().map((value) => value.toFixed(2)), results }, null, 2));
