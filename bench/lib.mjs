// Helpers shared by the benchmarks: child processes with peak-memory sampling, temp projects, upstreams.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const repoRoot = new URL("..", import.meta.url).pathname;

export async function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Starts the zero-latency upstream in its own process; resolves with its URL and a stop function. */
export async function startUpstream() {
  const child = spawn(process.execPath, [join(repoRoot, "bench", "upstream.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`upstream exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }) };
}

/**
 * Runs a command, sampling the peak resident memory of its process tree from /proc (VmHWM of each
 * process, summed over the live tree at each sample), and returns wall time and peak RSS.
 */
export async function measure(command, args, options = {}) {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", options.quiet ? "ignore" : "pipe", "pipe"], cwd: options.cwd, env: { ...process.env, CI: "true", ...options.env } });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  let peakKb = 0;
  const sample = async () => {
    const total = await treeRssKb(child.pid);
    if (total > peakKb) peakKb = total;
  };
  const timer = setInterval(() => void sample(), 50);
  const code = await new Promise((resolve) => child.once("exit", resolve));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  return { code, seconds, peakRssMb: peakKb / 1024, stdout, stderr };
}

async function treeRssKb(pid) {
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop();
    try {
      const status = await readFile(`/proc/${current}/status`, "utf8");
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) total += Number(match[1]);
      const children = await readFile(`/proc/${current}/task/${current}/children`, "utf8");
      for (const child of children.trim().split(/\s+/).filter(Boolean)) queue.push(Number(child));
    } catch {
      // The process ended between samples.
    }
  }
  return total;
}

export async function fileSize(path) {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export function machine() {
  return `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}
