// Times the arena's ratings against the issues' limits, in the process and through the CLI:
// - `rateBattles` (fit plus 100 bootstrap rounds on 1,000,000 battles among 50 models): under 5 s;
// - `tuneops arena rate --battles FILE` on the same battles as a JSONL file, the command a user runs
//   (start-up, reading and validating the file, rating, printing): under 3 s and 200 MB peak RSS.
// Runs against the build: `npm run build && node bench/arena-rating.mjs [battles] [models] [rounds]`.
import { createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { measure, repoRoot, tempDir } from "./lib.mjs";
import { rateBattles } from "../dist/arena/index.js";
import { PairwiseCountsBuilder, bradleyTerryRatings, createRandom, fitBradleyTerry } from "../dist/stats/index.js";

const battleCount = Number(process.argv[2] ?? 1_000_000);
const modelCount = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 100);
const limitMs = 5_000;
const runs = 3;

// Battles as the store yields them: model names, winner a / b / tie. True strengths spread over about
// 600 Elo points; 10% ties.
const random = createRandom(20261127);
const names = Array.from({ length: modelCount }, (_, index) => `model-${String(index).padStart(2, "0")}`);
const strength = names.map(() => (random() - 0.5) * 3.2);
const battles = new Array(battleCount);
for (let index = 0; index < battleCount; index += 1) {
  const a = Math.floor(random() * modelCount);
  let b = Math.floor(random() * (modelCount - 1));
  if (b >= a) b += 1;
  const draw = random();
  const winA = 0.9 / (1 + Math.exp(strength[b] - strength[a]));
  battles[index] = { modelA: names[a], modelB: names[b], winner: draw < 0.1 ? "tie" : draw < 0.1 + winA ? "a" : "b" };
}

async function timeRating() {
  const started = performance.now();
  const ratings = await rateBattles(battles, { bootstrap: rounds, seed: 1 });
  return { ms: performance.now() - started, ratings };
}

// The naive bootstrap for scale: resample the battles themselves (O(battles) a round), aggregate, refit.
function naiveRound(seed) {
  const index = new Map(names.map((name, position) => [name, position]));
  const draw = createRandom(seed);
  const builder = new PairwiseCountsBuilder(modelCount);
  for (let count = 0; count < battleCount; count += 1) {
    const battle = battles[Math.floor(draw() * battleCount)];
    builder.add(index.get(battle.modelA), index.get(battle.modelB), battle.winner === "a" ? "win" : battle.winner === "b" ? "loss" : "tie");
  }
  return fitBradleyTerry(builder.counts());
}

const cold = await timeRating();
const timings = [];
for (let run = 0; run < runs; run += 1) timings.push((await timeRating()).ms);
timings.sort((left, right) => left - right);
const median = timings[Math.floor(runs / 2)];
// The counts' part alone: fit plus bootstrap rounds on aggregated counts (no reading of battles).
const nameIndex = new Map(names.map((name, position) => [name, position]));
const builder = new PairwiseCountsBuilder(modelCount);
for (const battle of battles) builder.add(nameIndex.get(battle.modelA), nameIndex.get(battle.modelB), battle.winner === "a" ? "win" : battle.winner === "b" ? "loss" : "tie");
const counts = builder.counts();
const countsStarted = performance.now();
bradleyTerryRatings(counts, { rounds, seed: 1 });
const countsMs = performance.now() - countsStarted;
const naiveStarted = performance.now();
naiveRound(1);
naiveRound(2);
const naivePerRound = (performance.now() - naiveStarted) / 2;

console.log(`Arena ratings: ${battleCount.toLocaleString("en")} battles, ${modelCount} models, ${rounds} bootstrap rounds; Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`);
console.log(`limit ${limitMs} ms; cold = first call in this process, median of ${runs} further calls (aggregation, fit, bootstrap, online Elo, ranks)\n`);
console.log("| what | time | / 5 s limit |");
console.log("| --- | ---: | ---: |");
console.log(`| rateBattles, cold | ${cold.ms.toFixed(0)} ms | ${(cold.ms / limitMs).toFixed(3)} (${(limitMs / cold.ms).toFixed(1)}x under) |`);
console.log(`| rateBattles, median | ${median.toFixed(0)} ms | ${(median / limitMs).toFixed(3)} (${(limitMs / median).toFixed(1)}x under) |`);
console.log(`| of which fit + ${rounds} rounds on the ${counts.first.length} pair counts | ${countsMs.toFixed(0)} ms | ${(countsMs / limitMs).toFixed(3)} |`);
console.log(`| naive bootstrap (resample battles), per round | ${naivePerRound.toFixed(0)} ms | ${rounds} rounds would take ${((naivePerRound * rounds) / 1000).toFixed(1)} s |`);
// The command a user runs, file included: the battles written as JSONL, then `tuneops arena rate`.
const cliLimitMs = 3_000;
const cliLimitMb = 200;
const folder = await tempDir("tuneops-arena-bench-");
const file = join(folder, "battles.jsonl");
await writeFile(join(folder, "tuneops.yaml"), "version: 1\nproject: arena-bench\n");
const out = createWriteStream(file);
let chunk = "";
for (const battle of battles) {
  chunk += `{"a":"${battle.modelA}","b":"${battle.modelB}","winner":"${battle.winner}","judge":"gpt-judge"}\n`;
  if (chunk.length > 1 << 20) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
    chunk = "";
  }
}
await new Promise((resolve) => out.end(chunk, resolve));
const cliRuns = [];
for (let run = 0; run < runs; run += 1) {
  const result = await measure(process.execPath, [join(repoRoot, "bin", "tuneops.js"), "arena", "rate", "--battles", file, "--bootstrap", String(rounds), "--json"], { cwd: folder, quiet: true });
  if (result.code !== 0) throw new Error(`tuneops arena rate exited with ${result.code}: ${result.stderr}`);
  cliRuns.push(result);
}
await rm(folder, { recursive: true, force: true });
cliRuns.sort((left, right) => left.seconds - right.seconds);
const cliMedian = cliRuns[Math.floor(runs / 2)];
const peakMb = Math.max(...cliRuns.map((run) => run.peakRssMb));
console.log(`\nThrough the CLI (\`tuneops arena rate --battles FILE --json\`, ${runs} runs, load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}):\n`);
console.log("| what | figure | / limit |");
console.log("| --- | ---: | ---: |");
console.log(`| wall time, median (range) | ${(cliMedian.seconds * 1000).toFixed(0)} ms (${(cliRuns[0].seconds * 1000).toFixed(0)}-${(cliRuns[runs - 1].seconds * 1000).toFixed(0)}) | ${((cliMedian.seconds * 1000) / cliLimitMs).toFixed(2)} of ${cliLimitMs / 1000} s |`);
console.log(`| peak RSS, highest | ${peakMb.toFixed(0)} MB | ${(peakMb / cliLimitMb).toFixed(2)} of ${cliLimitMb} MB |`);

const top = cold.ratings.models.slice(0, 3).map((model) => `${model.model} ${model.rating.toFixed(1)} [${model.ci_low.toFixed(1)}, ${model.ci_high.toFixed(1)}]`);
console.log(`\ntop 3: ${top.join("; ")}`);
