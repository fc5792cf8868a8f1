// Times the seeded bootstrap against the limit: 10,000 cases x 1,000 resamples in under 1 s.
// Runs against the build: `npm run build && node bench/bootstrap.mjs [cases] [resamples]`.
import { cpus } from "node:os";
import { bootstrapCorpusInterval, bootstrapInterval, bootstrapMeanInterval, createRandom } from "../dist/stats/index.js";

const cases = Number(process.argv[2] ?? 10_000);
const resamples = Number(process.argv[3] ?? 1_000);
const limitMs = 1_000;
const runs = 7;

const random = createRandom(20241101);
const passFail = Float64Array.from({ length: cases }, () => (random() < 0.7 ? 1 : 0));
// BLEU-shaped per-case statistics: hypothesis length, reference length, matches and totals for 4 orders.
const bleuStats = Array.from({ length: cases }, () => {
  const length = 5 + Math.floor(random() * 30);
  const row = [length, length + Math.floor(random() * 5) - 2];
  for (let order = 1; order <= 4; order++) {
    const total = Math.max(0, length - order + 1);
    row.push(Math.floor(total * random()), total);
  }
  return row;
});
const corpusPrecision = (summed) => {
  let logSum = 0;
  for (let order = 0; order < 4; order++) logSum += Math.log(Math.max(summed[2 + 2 * order], 1e-9) / Math.max(summed[3 + 2 * order], 1));
  return Math.exp(logSum / 4);
};
const meanStatistic = (indices) => {
  let sum = 0;
  for (let index = 0; index < indices.length; index++) sum += passFail[indices[index]];
  return sum / indices.length;
};

function time(label, run) {
  const started = performance.now();
  const first = run();
  const coldMs = performance.now() - started;
  const timings = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run();
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const medianMs = timings[Math.floor(runs / 2)];
  return { label, coldMs, medianMs, interval: `${first.estimate.toFixed(4)} [${first.low.toFixed(4)}, ${first.high.toFixed(4)}]` };
}

const rows = [
  time("bootstrapMeanInterval (fast path)", () => bootstrapMeanInterval(passFail, { resamples, seed: 1 })),
  time("bootstrapInterval (mean statistic)", () => bootstrapInterval({ n: cases, statistic: meanStatistic, resamples, seed: 1 })),
  time("bootstrapCorpusInterval (BLEU-shaped, 10 stats)", () => bootstrapCorpusInterval(bleuStats, corpusPrecision, { resamples, seed: 1 })),
];

console.log(`Bootstrap: ${cases.toLocaleString("en")} cases x ${resamples.toLocaleString("en")} resamples, Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`);
console.log(`limit ${limitMs} ms; cold = first call in this process, median of ${runs} further calls\n`);
console.log("| function | cold | median | median / limit | interval (95%) |");
console.log("| --- | ---: | ---: | ---: | --- |");
for (const row of rows) {
  console.log(`| ${row.label} | ${row.coldMs.toFixed(1)} ms | ${row.medianMs.toFixed(1)} ms | ${(row.medianMs / limitMs).toFixed(3)} (${(limitMs / row.medianMs).toFixed(1)}x under) | ${row.interval} |`);
}
