// Helpers of the gateway benchmarks: start tuneops' gateway, Portkey's gateway and the zero-latency
// upstream as separate processes, a bare proxy as the limit, and wrk to drive them from outside Node.
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "./lib.mjs";

export const portkeyStart = join(repoRoot, "bench", "peers", "portkey", "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
export const portkeyInstalled = () => existsSync(portkeyStart);

export const chatBody = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello to the benchmark." }], max_tokens: 16 });

/**
 * Starts `tuneops gateway --upstream URL` in `cwd` (its SQLite log lives there), or `tuneops gateway -c
 * CONFIG` when a project file is given; resolves once it listens.
 */
export async function startTuneopsGateway({ upstreamUrl, cwd, config, extraArgs = [] }) {
  const source = config === undefined ? ["--upstream", upstreamUrl] : ["-c", config];
  const child = spawn(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "gateway", ...source, "--port", "0", ...extraArgs], {
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

/** Starts the bare pass-through proxy (bench/bare-proxy.mjs), the limit for a Node gateway. */
export async function startBareProxy(upstreamUrl) {
  const child = spawn(process.execPath, [join(repoRoot, "bench", "bare-proxy.mjs"), upstreamUrl], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`bare proxy exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { url, pid: child.pid, stop: async () => (child.kill("SIGTERM"), exited) };
}

/** Whether wrk (Debian's `wrk` package) is on the PATH. */
export async function wrkInstalled() {
  return new Promise((resolve) => execFile("wrk", ["--version"], (error, stdout, stderr) => resolve(/wrk/.test(`${stdout}${stderr}`))));
}

/**
 * Drives `url + path` with wrk (an HTTP load generator outside Node, so the client's own pauses do not
 * show up as the gateway's tail): `connections` keep-alive connections on one wrk thread for `seconds`.
 * Returns requests/s and the latency percentiles in ms (p50, p90, p99, p99.9), and the non-2xx count.
 */
export async function wrk({ url, path = "/v1/chat/completions", headers = {}, body = chatBody, connections, seconds }) {
  const script = join(tmpdir(), `tuneops-wrk-${process.pid}.lua`);
  const allHeaders = { "Content-Type": "application/json", Authorization: "Bearer bench", ...headers };
  await writeFile(
    script,
    `wrk.method = "POST"
wrk.body = ${JSON.stringify(body)}
${Object.entries(allHeaders).map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`).join("\n")}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), e.status + e.connect + e.read + e.write + e.timeout))
end
`,
  );
  const output = await new Promise((resolve, reject) =>
    execFile("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", script, `${url}${path}`], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(`wrk failed: ${stderr || error.message}`)) : resolve(stdout))),
  );
  const match = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(output);
  if (!match) throw new Error(`wrk printed no result:\n${output}`);
  const [requests, durationUs, p50, p90, p99, p999, errors] = match.slice(1).map(Number);
  return { requestsPerSecond: requests / (durationUs / 1e6), p50: p50 / 1000, p90: p90 / 1000, p99: p99 / 1000, p999: p999 / 1000, errors };
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

export async function rssMb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
