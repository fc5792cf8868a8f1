// Times the reference text metrics on the hot path: exact match + SQuAD F1 + ROUGE-L + sentence BLEU per
// case on ~60-word outputs and references, through the scorer objects the runner calls.
// The limit: on the evaluation benchmark (>= 3,000 cases/s) these four may add at most 10%,
// i.e. cost at most ~33 µs per case together.
// Runs against the build: `npm run build && node bench/text-metrics.mjs [cases]`.
import { createExactMatchScorer, createSquadF1Scorer } from "../dist/scorers/text/squad.js";
import { createRougeScorer } from "../dist/scorers/text/rouge.js";
import { createBleuScorer } from "../dist/scorers/text/bleu.js";

const cases = Number(process.argv[2] ?? 10_000);
const runs = 5;

// A seeded generator so every run scores the same texts.
let state = 20241101;
const random = () => {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const vocabulary = Array.from({ length: 2_000 }, (_, index) => `word${index.toString(36)}`);
const punctuation = ["", "", "", "", ",", ".", ";"];
const sentence = (words) =>
  Array.from({ length: words }, () => vocabulary[Math.floor(random() * 300 + random() * 1_700 * random())] + punctuation[Math.floor(random() * punctuation.length)]).join(" ");
const data = Array.from({ length: cases }, () => {
  const reference = sentence(60);
  // An output that shares about half of the reference's words, in order, plus others.
  const output = reference
    .split(" ")
    .map((word) => (random() < 0.5 ? word : sentence(1)))
    .join(" ");
  return { output, expected: reference };
});

const options = { baseDir: process.cwd(), render: (template) => template };
const scorers = [
  createExactMatchScorer({ type: "exact-match", squad_version: "v1", weight: 1 }, { ...options, name: "exact-match" }),
  createSquadF1Scorer({ type: "f1", squad_version: "v1", weight: 1 }, { ...options, name: "f1" }),
  createRougeScorer({ type: "rougeL", use_stemmer: false, measure: "f", weight: 1 }, { ...options, name: "rougeL" }),
  createBleuScorer({ type: "bleu", tokenize: "13a", smooth: "exp", lowercase: false, weight: 1 }, { ...options, name: "bleu" }),
];

function timeScorers(selected) {
  let checksum = 0;
  const start = process.hrtime.bigint();
  for (let index = 0; index < data.length; index++) {
    const { output, expected } = data[index];
    const input = { output, expected, vars: {}, caseId: String(index), candidateId: "a" };
    for (const scorer of selected) checksum += scorer.score(input).score;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, checksum };
}

timeScorers(scorers); // warm-up
const rows = [];
for (const [label, selected] of [["all four", scorers], ...scorers.map((scorer) => [scorer.name, [scorer]])]) {
  const times = [];
  for (let run = 0; run < runs; run++) times.push(timeScorers(selected).seconds);
  times.sort((left, right) => left - right);
  const median = times[Math.floor(runs / 2)];
  rows.push({ scorers: label, "cases/s": Math.round(cases / median), "µs/case": ((median / cases) * 1e6).toFixed(1) });
}
console.table(rows);
const perCase = Number(rows[0]["µs/case"]);
const budget = (0.1 / 3_000) * 1e6;
console.log(`all four: ${perCase} µs/case against a budget of ${budget.toFixed(1)} µs/case (10% of a 3,000 cases/s run): ratio ${(perCase / budget).toFixed(2)}`);
