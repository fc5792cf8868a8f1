import { classificationReport } from "../scorers/classification/classification-report.js";
import type { ResultRecord } from "../spec/result.js";
import type { ClassificationSummary, ConsistencySummary, JudgeConsistency, LabelRate, MetricSummary } from "../spec/run-summary.js";
import type { ScorerV1 } from "../spec/scorer.js";
import { bootstrapCorpusInterval } from "../stats/bootstrap.js";
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
  private readonly corpusStats = new Map<string, (readonly number[] | undefined)[]>();
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
      classification: [...this.labelPairs].map(([scorer, pairs]) => classificationSummary(scorer, pairs)),
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
    let byCase = this.corpusStats.get(name);
    if (!byCase) this.corpusStats.set(name, (byCase = []));
    const earlier = byCase[caseIndex];
    // The first repeat's statistics are kept as they are (read-only); a second one sums into a copy.
    if (!earlier) {
      byCase[caseIndex] = stats;
      return;
    }
    const summed = stats.map((value, column) => (earlier[column] ?? 0) + value);
    for (let column = stats.length; column < earlier.length; column++) summed[column] = earlier[column] as number;
    byCase[caseIndex] = summed;
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
    for (const [name, byCase] of this.corpusStats) {
      const stats = byCase.filter((vector): vector is readonly number[] => vector !== undefined);
      const scorer = this.scorersByName.get(name);
      if (!scorer?.corpus || stats.length === 0) continue;
      const corpus = scorer.corpus.bind(scorer);
      const width = stats[0]?.length ?? 0;
      const interval = bootstrapCorpusInterval(bootstrapUnits(stats, width), (summed) => corpus([Array.from(summed.subarray(0, width))]), { resamples: 1000, seed: 1 });
      metrics.push({
        name: scorer.corpusName ?? `${name} (corpus)`,
        kind: "corpus",
        n: stats.length,
        mean: corpus(stats),
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

/** Above this many cases the corpus bootstrap resamples this many random blocks of cases instead of single cases. */
const bootstrapUnitLimit = 500;

/**
 * The units the corpus bootstrap resamples. Corpus scores are functions of summed statistics, so a block
 * of cases is summarised by the sum of its rows. Blocks are a seeded random partition (not consecutive
 * rows, which may be sorted by topic), so each block is a random sample and resampling n/m blocks of m
 * cases reproduces the mean and variance of resampling n cases, at a 1/m of the cost.
 */
function bootstrapUnits(stats: readonly (readonly number[])[], width: number): (readonly number[])[] {
  if (stats.length <= bootstrapUnitLimit) return stats as (readonly number[])[];
  const order = Int32Array.from(stats.keys());
  const random = createRandom(7);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const swap = Math.floor(random() * (index + 1));
    const held = order[index] as number;
    order[index] = order[swap] as number;
    order[swap] = held;
  }
  const blocks: number[][] = Array.from({ length: bootstrapUnitLimit }, () => new Array<number>(width).fill(0));
  for (let position = 0; position < order.length; position += 1) {
    const block = blocks[position % bootstrapUnitLimit] as number[];
    const values = stats[order[position] as number] as readonly number[];
    for (let column = 0; column < width; column += 1) block[column] = (block[column] as number) + (values[column] ?? 0);
  }
  return blocks;
}

function classificationSummary(scorer: string, pairs: readonly { expected: string; predicted: string }[]): ClassificationSummary {
  const report = classificationReport(pairs);
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
