import { classificationReport } from "../scorers/classification/classification-report.js";
import type { ResultRecord } from "../spec/result.js";
import type { ClassificationSummary, ConsistencySummary, JudgeConsistency, LabelRate, MetricSummary } from "../spec/run-summary.js";
import type { ScorerV1 } from "../spec/scorer.js";
import { bootstrapCorpusIntervalFlat } from "../stats/bootstrap.js";
import { consistencyReport } from "../stats/consistency.js";
import { createRandom } from "../stats/random.js";
import { wilsonInterval } from "../stats/wilson-interval.js";

/**
 * Per-case values of one metric, in plan order (slot = case index x repeats + repeat); NaN where the
 * candidate has no value. Paired comparisons line candidates up by slot.
 */
export interface MetricSlots {
  name: string;
  /** Every value is 0 or 1 (pass/fail). */
  binary: boolean;
  values: Float64Array;
}

export interface QualityExtras {
  corpusMetrics: MetricSummary[];
  classification: ClassificationSummary[];
  labelRates: LabelRate[];
  judgeConsistency: JudgeConsistency[];
  consistency: ConsistencySummary | undefined;
  slots: MetricSlots[];
  /** The case id of every slot that has a result (for comparisons across runs). */
  caseIds: (string | undefined)[];
}

interface JudgeAccumulator {
  cases: number;
  samplesPerCase: number;
  sdTotal: number;
  agreeing: number;
}

/** How many flaky case ids a summary lists. */
const flakyListed = 50;

/**
 * Collects what issue-3 scorers need beyond means: corpus statistics, predicted and expected labels,
 * label counts, judge samples, and per-case values for paired comparisons and repeat consistency.
 */
export class QualityAccumulator {
  private readonly scorersByName: Map<string, ScorerV1>;
  private readonly slotCount: number;
  private readonly slots = new Map<string, { binary: boolean; values: Float64Array }>();
  private readonly caseIds: (string | undefined)[];
  /** Per corpus scorer: each case's statistics, summed over its repeats (the bootstrap resamples cases). */
  private readonly corpusStats = new Map<string, CorpusStats>();
  private readonly labelPairs = new Map<string, { expected: string; predicted: string }[]>();
  private readonly labelCounts = new Map<string, Map<string, number>>();
  private readonly judges = new Map<string, JudgeAccumulator>();

  constructor(private readonly options: { scorers: readonly ScorerV1[]; cases: number; repeats: number }) {
    this.scorersByName = new Map(options.scorers.map((scorer) => [scorer.name, scorer]));
    this.slotCount = options.cases * options.repeats;
    this.caseIds = new Array<string | undefined>(options.cases);
  }

  add(result: ResultRecord): void {
    const slot = result.caseIndex * this.options.repeats + result.repeat;
    if (slot < this.slotCount) {
      this.caseIds[result.caseIndex] = result.caseId;
      // A failed call counts as a failed case in pass rates, as in the summary's pass_rate.
      if (result.pass !== null || result.error) this.put("pass_rate", slot, result.pass === true ? 1 : 0);
      if (result.score !== null) this.put("score", slot, result.score);
    }
    for (const score of result.scores) {
      if (slot < this.slotCount && score.score !== null) this.put(score.name, slot, score.score);
      if (score.stats && this.scorersByName.get(score.name)?.corpus) this.addCorpusStats(score.name, result.caseIndex, score.stats);
      if (score.label !== undefined && score.expectedLabel !== undefined) {
        this.listFor(this.labelPairs, score.name).push({ expected: score.expectedLabel, predicted: score.label });
      } else if (score.label !== undefined) {
        const counts = this.labelCounts.get(score.name) ?? new Map<string, number>();
        counts.set(score.label, (counts.get(score.label) ?? 0) + 1);
        this.labelCounts.set(score.name, counts);
      }
      if (score.samples && score.samples.length > 1) this.addJudgeSamples(score.name, score.samples);
    }
  }

  finish(): QualityExtras {
    return {
      corpusMetrics: this.corpusMetrics(),
      classification: [...this.labelPairs].map(([scorer, pairs]) => classificationSummary(scorer, pairs, this.scorersByName.get(scorer)?.labels)),
      labelRates: this.labelRates(),
      judgeConsistency: [...this.judges].map(([scorer, judge]) => ({
        scorer,
        cases: judge.cases,
        samples_per_case: judge.samplesPerCase,
        mean_sd: judge.sdTotal / judge.cases,
        agreement: judge.agreeing / judge.cases,
      })),
      consistency: this.consistency(),
      slots: [...this.slots].map(([name, slot]) => ({ name, binary: slot.binary, values: slot.values })),
      caseIds: this.caseIds,
    };
  }

  private put(name: string, slot: number, value: number): void {
    let series = this.slots.get(name);
    if (!series) {
      series = { binary: true, values: new Float64Array(this.slotCount).fill(Number.NaN) };
      this.slots.set(name, series);
    }
    series.values[slot] = value;
    if (value !== 0 && value !== 1) series.binary = false;
  }

  private listFor<T>(map: Map<string, T[]>, key: string): T[] {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  }

  private addCorpusStats(name: string, caseIndex: number, stats: readonly number[]): void {
    // Statistics are kept by case index (a case's repeats sum into one row): results of a case past
    // the plan's cases cannot arrive, and have no slot either.
    if (caseIndex >= this.options.cases) return;
    let corpus = this.corpusStats.get(name);
    if (!corpus) {
      const width = stats.length;
      corpus = { width, values: new Float64Array(this.options.cases * width), present: new Uint8Array(this.options.cases), rows: 0 };
      this.corpusStats.set(name, corpus);
    }
    if (stats.length !== corpus.width) {
      throw new Error(`scorer "${name}" returned ${stats.length} corpus statistics for case ${caseIndex}, after ${corpus.width} for earlier cases`);
    }
    if (corpus.present[caseIndex] === 0) {
      corpus.present[caseIndex] = 1;
      corpus.rows += 1;
    }
    const offset = caseIndex * corpus.width;
    for (let column = 0; column < corpus.width; column++) corpus.values[offset + column] = (corpus.values[offset + column] as number) + (stats[column] as number);
  }

  private addJudgeSamples(name: string, samples: readonly number[]): void {
    const judge = this.judges.get(name) ?? { cases: 0, samplesPerCase: samples.length, sdTotal: 0, agreeing: 0 };
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (samples.length - 1);
    const threshold = this.scorersByName.get(name)?.threshold ?? 0.5;
    const passes = samples.filter((value) => value >= threshold).length;
    judge.cases += 1;
    judge.sdTotal += Math.sqrt(variance);
    if (passes === 0 || passes === samples.length) judge.agreeing += 1;
    this.judges.set(name, judge);
  }

  private corpusMetrics(): MetricSummary[] {
    const metrics: MetricSummary[] = [];
    for (const [name, corpusStats] of this.corpusStats) {
      const scorer = this.scorersByName.get(name);
      if (!scorer?.corpus || corpusStats.rows === 0) continue;
      const { width } = corpusStats;
      const rows = presentRows(corpusStats);
      const corpusOfSum = scorer.corpusOfSum ? scorer.corpusOfSum.bind(scorer) : wholeCorpus(scorer.corpus.bind(scorer), width);
      const units = bootstrapUnits(rows, width);
      // The interval's estimate is the corpus score of every case: the metric's value.
      const interval = bootstrapCorpusIntervalFlat(units, width, corpusOfSum, { resamples: 1000, seed: 1 });
      metrics.push({
        name: scorer.corpusName ?? `${name} (corpus)`,
        kind: "corpus",
        n: corpusStats.rows,
        mean: interval.estimate,
        ci_low: interval.low,
        ci_high: interval.high,
        method: "bootstrap",
      });
    }
    return metrics;
  }

  private labelRates(): LabelRate[] {
    const rates: LabelRate[] = [];
    for (const [scorer, counts] of this.labelCounts) {
      let n = 0;
      for (const count of counts.values()) n += count;
      for (const [label, count] of [...counts].sort((left, right) => right[1] - left[1])) {
        const interval = wilsonInterval(count, n);
        rates.push({ scorer, label, n, count, rate: count / n, ci_low: interval.low, ci_high: interval.high });
      }
    }
    return rates;
  }

  private consistency(): ConsistencySummary | undefined {
    const repeats = this.options.repeats;
    const pass = this.slots.get("pass_rate");
    if (repeats < 2 || !pass) return undefined;
    const rows: { caseId: string; passes: number; attempts: number }[] = [];
    for (let caseIndex = 0; caseIndex < this.options.cases; caseIndex += 1) {
      let passes = 0;
      let attempts = 0;
      for (let repeat = 0; repeat < repeats; repeat += 1) {
        const value = pass.values[caseIndex * repeats + repeat] ?? Number.NaN;
        if (Number.isNaN(value)) continue;
        attempts += 1;
        passes += value;
      }
      if (attempts > 0) rows.push({ caseId: this.caseIds[caseIndex] ?? String(caseIndex), passes, attempts });
    }
    if (rows.length === 0) return undefined;
    const report = consistencyReport(rows, repeats);
    return {
      repeats,
      cases: report.cases,
      pass_at_k: report.passAtK,
      pass_hat_k: report.passHatK,
      always_pass: report.alwaysPass,
      always_fail: report.alwaysFail,
      flaky_cases: report.flaky.slice(0, flakyListed),
      flaky_count: report.flaky.length,
    };
  }
}

/** A corpus scorer's statistics: `width` numbers per case of the plan, and which cases have any. */
interface CorpusStats {
  width: number;
  values: Float64Array;
  present: Uint8Array;
  rows: number;
}

/** The rows of the cases that have statistics, in case order, one after another. */
function presentRows(corpus: CorpusStats): Float64Array {
  const { width, values, present } = corpus;
  if (corpus.rows === present.length) return values;
  const rows = new Float64Array(corpus.rows * width);
  let row = 0;
  for (let caseIndex = 0; caseIndex < present.length; caseIndex++) {
    if (present[caseIndex] === 0) continue;
    rows.set(values.subarray(caseIndex * width, (caseIndex + 1) * width), row * width);
    row += 1;
  }
  return rows;
}

/** `corpus` on the sum given as its only row, for a scorer without `corpusOfSum`. */
function wholeCorpus(corpus: (stats: readonly (readonly number[])[]) => number, width: number): (summed: ArrayLike<number>) => number {
  return (summed) => corpus([Array.from({ length: width }, (_, column) => summed[column] as number)]);
}

/** Above this many cases the corpus bootstrap resamples this many random blocks of cases instead of single cases. */
const bootstrapUnitLimit = 500;

/**
 * The units the corpus bootstrap resamples (rows of `width` statistics, one after another). Corpus
 * scores are functions of summed statistics, so a block of cases is summarised by the sum of its rows.
 * Blocks are a seeded random partition (not consecutive rows, which may be sorted by topic), so each
 * block is a random sample and resampling n/m blocks of m cases reproduces the mean and variance of
 * resampling n cases, at a 1/m of the cost.
 */
function bootstrapUnits(rows: Float64Array, width: number): Float64Array {
  const n = width === 0 ? 0 : rows.length / width;
  if (n <= bootstrapUnitLimit) return rows;
  const order = new Int32Array(n);
  for (let index = 0; index < n; index++) order[index] = index;
  const random = createRandom(7);
  for (let index = n - 1; index > 0; index -= 1) {
    const swap = Math.floor(random() * (index + 1));
    const held = order[index] as number;
    order[index] = order[swap] as number;
    order[swap] = held;
  }
  const blocks = new Float64Array(bootstrapUnitLimit * width);
  for (let position = 0; position < n; position += 1) {
    const block = (position % bootstrapUnitLimit) * width;
    const source = (order[position] as number) * width;
    for (let column = 0; column < width; column += 1) blocks[block + column] = (blocks[block + column] as number) + (rows[source + column] as number);
  }
  return blocks;
}

/**
 * The classes are the scorer's `labels`, or else the expected labels seen (`classificationReport` adds
 * expected labels missing from `labels`); a prediction outside them is counted in the `(other)` column.
 */
function classificationSummary(scorer: string, pairs: readonly { expected: string; predicted: string }[], labels: readonly string[] = []): ClassificationSummary {
  const report = classificationReport(pairs, labels);
  const correct = Math.round(report.accuracy * report.n);
  const interval = wilsonInterval(correct, report.n);
  const columns = report.confusion[0]?.length ?? report.labels.length;
  const predictedLabels = columns > report.labels.length ? [...report.labels, "(other)"] : [...report.labels];
  return {
    scorer,
    n: report.n,
    accuracy: report.accuracy,
    accuracy_ci_low: interval.low,
    accuracy_ci_high: interval.high,
    macro_f1: report.macro.f1,
    micro_f1: report.micro.f1,
    weighted_f1: report.weightedF1,
    kappa: report.kappa,
    per_class: report.perClass.map((entry) => ({ label: entry.label, precision: entry.precision, recall: entry.recall, f1: entry.f1, support: entry.support })),
    confusion: { labels: [...report.labels], predicted_labels: predictedLabels, matrix: report.confusion.map((row) => [...row]) },
  };
}
