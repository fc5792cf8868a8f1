// Benchmark of the evaluation runner (issue: evaluation engine):
// N cases x 1 candidate x 2 scorers against a local zero-latency OpenAI-compatible upstream,
// concurrency 16, results stored in SQLite. Prints cases/s, peak RSS and store bytes per result, and,
// when promptfoo is installed in bench/peers/promptfoo (`npm run bench:peers`), promptfoo's figures
// from the same run as a ratio.
//
//   node bench/eval-throughput.mjs [cases ...]      (default: 10000 100000)
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { fileSize, machine, measure, repoRoot, startUpstream, tempDir } from "./lib.mjs";

const sizes = process.argv.slice(2).map(Number).filter((value) => value > 0);
const caseCounts = sizes.length > 0 ? sizes : [10_000, 100_000];
const concurrency = 16;

async function writeProject(dir, cases, upstreamUrl) {
  const lines = [];
  for (let index = 0; index < cases; index += 1) {
    const input = `Where is my card number ${index}? It was ordered ${index % 30} days ago.`;
    lines.push(JSON.stringify({ id: `case-${index}`, input, expected: input }));
  }
  await writeFile(join(dir, "cases.jsonl"), `${lines.join("\n")}\n`);
  await writeFile(
    join(dir, "tuneops.yaml"),
    `project: bench
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  upstream:
    type: openai-compatible
    model: bench-model
    base_url: ${upstreamUrl}
    concurrency: ${concurrency}
    stream: false
prices:
  bench-model: { input_per_mtok: 0.15, output_per_mtok: 0.6, source: benchmark }
evals:
  throughput:
    dataset: cases
    candidates:
      - id: upstream
        provider: upstream
        prompt: "{{ input }}"
    scorers:
      - type: equals
      - type: icontains
        value: "card"
`,
  );
}

function storeFigures(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  const { pages, pageSize } = db.prepare("select (select page_count from pragma_page_count) pages, (select page_size from pragma_page_size) pageSize").get();
  const { results, outputBytes } = db.prepare("select count(*) results, coalesce(sum(length(cast(output as blob))), 0) outputBytes from results").get();
  db.close();
  const bytes = pages * pageSize;
  return { results, bytes, perResultOverhead: results > 0 ? (bytes - outputBytes) / results : 0 };
}

async function runTuneops(cases, upstreamUrl) {
  const dir = await tempDir("tuneops-bench-");
  await writeProject(dir, cases, upstreamUrl);
  const run = await measure(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "eval", "-c", join(dir, "tuneops.yaml"), "--no-cache", "--json"], { cwd: dir });
  if (run.code !== 0) throw new Error(`tuneops eval failed (${run.code}):\n${run.stderr}`);
  const summary = JSON.parse(run.stdout);
  const passRate = summary.candidates[0].metrics.find((metric) => metric.name === "pass_rate").mean;
  const store = storeFigures(join(dir, ".tuneops", "tuneops.db"));
  return { cases, seconds: run.seconds, casesPerSecond: cases / run.seconds, peakRssMb: run.peakRssMb, passRate, ...store };
}

async function runPromptfoo(cases, upstreamUrl) {
  const bin = join(repoRoot, "bench", "peers", "promptfoo", "node_modules", ".bin", "promptfoo");
  if (!existsSync(bin)) return undefined;
  const dir = await tempDir("promptfoo-bench-");
  const tests = [];
  for (let index = 0; index < cases; index += 1) {
    const input = `Where is my card number ${index}? It was ordered ${index % 30} days ago.`;
    tests.push({ vars: { input }, assert: [{ type: "equals", value: input }, { type: "icontains", value: "card" }] });
  }
  await writeFile(join(dir, "tests.json"), JSON.stringify(tests));
  await writeFile(
    join(dir, "promptfooconfig.yaml"),
    `prompts: ["{{input}}"]
providers:
  - id: openai:chat:bench-model
    config: { apiBaseUrl: ${upstreamUrl}, apiKey: bench }
tests: file://tests.json
evaluateOptions: { maxConcurrency: ${concurrency}, cache: false }
`,
  );
  // promptfoo's output goes to a file, as a user would redirect it: through a pipe it crashed after its
  // run here (a readable-stream error at exit), which would hide its figures.
  const log = join(dir, "promptfoo.log");
  const command = [bin, "eval", "-c", join(dir, "promptfooconfig.yaml"), "--no-cache", "--no-table", "--no-progress-bar", "-j", String(concurrency)];
  const run = await measure("/bin/sh", ["-c", `exec "$@" > "${log}" 2>&1`, "sh", ...command], {
    cwd: dir,
    env: { PROMPTFOO_DISABLE_TELEMETRY: "1", PROMPTFOO_DISABLE_UPDATE: "1", PROMPTFOO_CONFIG_DIR: join(dir, ".promptfoo"), OPENAI_API_KEY: "bench" },
  });
  run.stdout = await readFile(log, "utf8");
  const results = /Results:.*?(\d[\d,]*) passed, (\d[\d,]*) failed, (\d[\d,]*) errors/.exec(run.stdout + run.stderr);
  // promptfoo 0.120.27 prints its results table only up to 500 tests, and at 10,000 its file logger throws
  // "write after end" after the evaluation completes (exit 1): count the run by its completion line.
  const completed = /Eval complete/.test(run.stdout);
  const crashed = /write after end/.test(run.stdout) ? "; then exit 1 from its logger's \"write after end\" at shutdown" : "";
  const outcome = results
    ? `${results[1]} passed, ${results[2]} failed, ${results[3]} errors`
    : completed
      ? `evaluation completed${crashed}`
      : `did not complete: ${run.stdout.trim().split("\n").slice(-3).join(" | ")}`;
  return { cases, code: run.code, seconds: run.seconds, casesPerSecond: cases / run.seconds, peakRssMb: run.peakRssMb, outcome };
}

const upstream = await startUpstream();
try {
  console.log(`machine: ${machine()}`);
  console.log(`date: ${new Date().toISOString().slice(0, 10)}`);
  console.log(`command: node bench/eval-throughput.mjs ${caseCounts.join(" ")}`);
  console.log(`set-up: 1 candidate (openai-compatible, not streaming) x 2 scorers (equals, icontains), concurrency ${concurrency}, zero-latency local upstream in its own process, results stored in SQLite, cache off`);
  for (const cases of caseCounts) {
    const ours = await runTuneops(cases, upstream.url);
    console.log(
      `tuneops  ${cases} cases: ${ours.seconds.toFixed(2)} s, ${ours.casesPerSecond.toFixed(0)} cases/s, peak RSS ${ours.peakRssMb.toFixed(0)} MB, ` +
        `store ${(ours.bytes / 2 ** 20).toFixed(1)} MB = ${ours.perResultOverhead.toFixed(0)} B/result beyond the output text, pass rate ${ours.passRate}`,
    );
    if (cases <= 10_000) {
      const peer = await runPromptfoo(cases, upstream.url);
      if (peer === undefined) console.log("promptfoo: not installed in bench/peers/promptfoo (run `npm run bench:peers`); no ratio");
      else {
        console.log(`promptfoo ${cases} cases: ${peer.seconds.toFixed(2)} s, ${peer.casesPerSecond.toFixed(0)} cases/s, peak RSS ${peer.peakRssMb.toFixed(0)} MB (${peer.outcome}; exit ${peer.code})`);
        console.log(`ratio: tuneops is ${(ours.casesPerSecond / peer.casesPerSecond).toFixed(1)}x faster, uses ${(peer.peakRssMb / ours.peakRssMb).toFixed(1)}x less memory`);
      }
    }
  }
} finally {
  await upstream.stop();
}
