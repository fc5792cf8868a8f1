// Helpers of the gateway benchmarks: start tuneops' gateway, Portkey's gateway and the zero-latency
// upstream as separate processes, and drive them with keep-alive HTTP at a fixed concurrency.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Pool } from "undici";
import { repoRoot } from "./lib.mjs";

export const portkeyStart = join(repoRoot, "bench", "peers", "portkey", "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
export const portkeyInstalled = () => existsSync(portkeyStart);

export const chatBody = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello to the benchmark." }], max_tokens: 16 });

/** Starts `tuneops gateway --upstream URL` in `cwd` (its SQLite log lives there); resolves once it listens. */
export async function startTuneopsGateway({ upstreamUrl, cwd, extraArgs = [] }) {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "gateway", "--upstream", upstreamUrl, "--port", "0", ...extraArgs], {
    cwd,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, CI: "true", TUNEOPS_DATABASE_URL: "" },
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match) resolve(match[1].replace(/\/v1$/, ""));
    });
    child.once("exit", (code) => reject(new Error(`tuneops gateway exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  return { url, pid: child.pid, stop: async () => (child.kill("SIGTERM"), exited) };
}

/** Starts Portkey's open-source gateway (npm @portkey-ai/gateway) on a port; resolves once it answers. */
export async function startPortkey(port) {
  const child = spawn(process.execPath, [portkeyStart, `--port=${port}`, "--headless"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { url, pid: child.pid, stop: async () => (child.kill("SIGTERM"), exited) };
}

/** Sends `count` requests with `concurrency` in flight; returns per-request latencies (ms) and the wall time (s). */
export async function drive({ url, path = "/v1/chat/completions", headers = {}, body = chatBody, count, concurrency }) {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies = new Float64Array(count);
  let next = 0;
  let failures = 0;
  const allHeaders = { "content-type": "application/json", authorization: "Bearer bench", ...headers };
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const t0 = performance.now();
      const response = await pool.request({ path, method: "POST", headers: allHeaders, body });
      await response.body.dump();
      latencies[index] = performance.now() - t0;
      if (response.statusCode !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { latencies, seconds, failures };
}

export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export async function rssMb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
