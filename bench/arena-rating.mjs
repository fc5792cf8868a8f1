// Times the arena's ratings against the limit: Bradley-Terry fit plus 100 bootstrap rounds on
// 1,000,000 battles among 50 models in under 5 s on 2 cores. Runs against the build:
// `npm run build && node bench/arena-rating.mjs [battles] [models] [rounds]`.
import { cpus } from "node:os";
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
const top = cold.ratings.models.slice(0, 3).map((model) => `${model.model} ${model.rating.toFixed(1)} [${model.ci_low.toFixed(1)}, ${model.ci_high.toFixed(1)}]`);
console.log(`\ntop 3: ${top.join("; ")}`);
