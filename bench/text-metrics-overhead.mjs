// Benchmark (issue: scorers and statistics): what EM, F1, ROUGE-L and BLEU add to the evaluation
// benchmark of the runner (10,000 cases x 1 candidate, zero-latency upstream, results stored).
// Runs the plain set-up and the one with the four text metrics in pairs (the order alternating from
// pair to pair), 25 pairs by default, in one process tree, and prints the median times, the median of
// the paired ratios with a seeded bootstrap 95% interval, and the overhead (target: at most +10%).
// Pairing matters on a shared machine: its speed drifts by 10-20% over minutes, and the two runs of a
// pair, seconds apart, see the same machine.
//
//   npm run build && node bench/text-metrics-overhead.mjs [cases]     (default 10000; ROUNDS=n pairs)
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { machine, measure, repoRoot, startUpstream, tempDir } from "./lib.mjs";
import { bootstrapInterval } from "../dist/stats/bootstrap.js";

const cases = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.env.ROUNDS ?? 25);

// The cases of the runner benchmark (bench/eval-throughput.mjs), as the issue asks: the upstream echoes
// the input and the reference is the input. With PARAPHRASE=1 the reference is a paraphrase instead, so
// every metric also writes its failure reasons (a harsher set-up, reported beside).
const paraphrase = process.env.PARAPHRASE === "1";
function caseRow(index) {
  const input = `Where is my card number ${index}? It was ordered ${index % 30} days ago.`;
  const expected = paraphrase ? `Where is my card number ${index}? I ordered it ${index % 30} days ago.` : input;
  return JSON.stringify({ id: `case-${index}`, input, expected });
}

async function project(withMetrics, upstreamUrl) {
  const dir = await tempDir("tuneops-text-bench-");
  await writeFile(join(dir, "cases.jsonl"), `${Array.from({ length: cases }, (_, index) => caseRow(index)).join("\n")}\n`);
  const metrics = withMetrics ? "      - type: exact-match\n      - type: f1\n      - type: rougeL\n      - type: bleu\n" : "";
  await writeFile(
    join(dir, "tuneops.yaml"),
    `project: bench
datasets:
  cases: { path: cases.jsonl, input: input, expected: expected, id: id }
providers:
  upstream: { type: openai-compatible, model: bench-model, base_url: ${upstreamUrl}, concurrency: 16, stream: false }
evals:
  text:
    dataset: cases
    candidates: [ { id: upstream, provider: upstream, prompt: "{{ input }}" } ]
    scorers:
      - type: equals
      - type: icontains
        value: card
${metrics}`,
  );
  return dir;
}

async function timeRun(dir) {
  // Every run starts from an empty store, as the runner benchmark does (a store holding earlier runs
  // makes later inserts slower, and more so for the larger rows of the metric run).
  await rm(join(dir, ".tuneops"), { recursive: true, force: true });
  const run = await measure(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "eval", "-c", join(dir, "tuneops.yaml"), "--no-cache"], { cwd: dir, quiet: true });
  if (run.code !== 0) throw new Error(`tuneops eval failed (${run.code}): ${run.stderr}`);
  return run.seconds;
}

const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const upstream = await startUpstream();
try {
  console.log(`machine: ${machine()}`);
  console.log(`date: ${new Date().toISOString().slice(0, 10)}`);
  console.log(`command: ${paraphrase ? "PARAPHRASE=1 " : ""}node bench/text-metrics-overhead.mjs ${cases} (${rounds} pairs)`);
  const plain = await project(false, upstream.url);
  const metrics = await project(true, upstream.url);
  const plainTimes = [];
  const metricTimes = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      plainTimes.push(await timeRun(plain));
      metricTimes.push(await timeRun(metrics));
    } else {
      metricTimes.push(await timeRun(metrics));
      plainTimes.push(await timeRun(plain));
    }
  }
  const ratios = metricTimes.map((time, index) => time / plainTimes[index]);
  const base = median(plainTimes);
  const withMetrics = median(metricTimes);
  const ratio = median(ratios);
  const interval = bootstrapInterval({ n: ratios.length, seed: 1, resamples: 2000, statistic: (indices) => median(Array.from(indices, (index) => ratios[index])) });
  const percent = (value) => `${value >= 1 ? "+" : ""}${((value - 1) * 100).toFixed(1)}%`;
  console.log(`plain (equals, icontains):                        ${plainTimes.map((value) => value.toFixed(2)).join(" / ")} s, median ${base.toFixed(2)} s, ${(cases / base).toFixed(0)} cases/s`);
  console.log(`plus exact-match, f1, rougeL, bleu (with corpus): ${metricTimes.map((value) => value.toFixed(2)).join(" / ")} s, median ${withMetrics.toFixed(2)} s, ${(cases / withMetrics).toFixed(0)} cases/s`);
  console.log(`paired ratios: ${ratios.map((value) => value.toFixed(3)).join(" ")}`);
  console.log(`overhead: median of paired ratios ${percent(ratio)} (95% bootstrap interval ${percent(interval.low)} to ${percent(interval.high)}); ratio of medians ${percent(withMetrics / base)}; limit +10%`);
} finally {
  await upstream.stop();
}
