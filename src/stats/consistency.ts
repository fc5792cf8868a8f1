import { TuneopsError } from "../spec/errors.js";

function invalid(message: string): TuneopsError {
  return new TuneopsError({ code: "input_invalid", message });
}

function checkCounts(name: string, n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1) throw invalid(`${name}: n (attempts) must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw invalid(`${name}: c (passes) must be an integer in [0, ${n}], got ${c}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw invalid(`${name}: k must be an integer in [1, n = ${n}], got ${k}`);
}

/**
 * pass@k: the chance that at least one of k attempts drawn without replacement from n attempts, c of
 * which passed, passes; the unbiased estimator 1 − C(n − c, k) / C(n, k) of Chen et al., "Evaluating
 * Large Language Models Trained on Code" (the Codex paper, 2021). Computed in its numerically stable
 * product form 1 − Π_{i = n−c+1}^{n} (1 − k / i), which never forms the huge binomial coefficients.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts("passAtK", n, c, k);
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/**
 * pass^k: the chance that all k attempts drawn without replacement from n attempts, c of which passed,
 * pass; C(c, k) / C(n, k) = Π_{i = 0}^{k−1} (c − i) / (n − i) (Yao et al., τ-bench, 2024). Where pass@k
 * rewards a model that sometimes succeeds, pass^k rewards one that reliably does.
 */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts("passHatK", n, c, k);
  if (c < k) return 0;
  let allPass = 1;
  for (let i = 0; i < k; i++) allPass *= (c - i) / (n - i);
  return allPass;
}

export interface ConsistencyRow {
  caseId: string;
  /** Attempts of this case that passed. */
  passes: number;
  /** Attempts of this case that were scored (repeats without an error). */
  attempts: number;
}

export interface ConsistencyReport {
  /** Number of cases (rows). */
  cases: number;
  /** The k of pass@k and pass^k. */
  k: number;
  /** Cases with at least k attempts, over which the two means are taken. */
  estimatedCases: number;
  /** Mean over cases of pass@k; NaN when no case has k attempts. */
  passAtK: number;
  /** Mean over cases of pass^k; NaN when no case has k attempts. */
  passHatK: number;
  /** Cases that passed some attempts and failed others, in input order. */
  flaky: string[];
  /** Number of cases that passed every attempt. */
  alwaysPass: number;
  /** Number of cases that failed every attempt. */
  alwaysFail: number;
}

/**
 * Per-case consistency of repeated runs (`--repeat N`). k defaults to the fewest attempts any case has,
 * so every case enters the means; with an explicit k, cases with fewer than k scored attempts (some
 * repeats failed) are left out of the pass@k and pass^k means (counted by `estimatedCases`) but still
 * classified as flaky, always passing or always failing.
 */
export function consistencyReport(rows: readonly ConsistencyRow[], k?: number): ConsistencyReport {
  for (const row of rows) {
    if (!Number.isInteger(row.attempts) || row.attempts < 1) throw invalid(`consistencyReport: case ${row.caseId} has ${row.attempts} attempts; need an integer >= 1`);
    if (!Number.isInteger(row.passes) || row.passes < 0 || row.passes > row.attempts) {
      throw invalid(`consistencyReport: case ${row.caseId} has ${row.passes} passes of ${row.attempts} attempts; need an integer in [0, attempts]`);
    }
  }
  const chosenK = k ?? (rows.length === 0 ? 1 : Math.min(...rows.map((row) => row.attempts)));
  if (!Number.isInteger(chosenK) || chosenK < 1) throw invalid(`consistencyReport: k must be an integer >= 1, got ${chosenK}`);
  let sumAtK = 0;
  let sumHatK = 0;
  let estimatedCases = 0;
  let alwaysPass = 0;
  let alwaysFail = 0;
  const flaky: string[] = [];
  for (const row of rows) {
    if (row.passes === row.attempts) alwaysPass++;
    else if (row.passes === 0) alwaysFail++;
    else flaky.push(row.caseId);
    if (row.attempts < chosenK) continue;
    estimatedCases++;
    sumAtK += passAtK(row.attempts, row.passes, chosenK);
    sumHatK += passHatK(row.attempts, row.passes, chosenK);
  }
  return {
    cases: rows.length,
    k: chosenK,
    estimatedCases,
    passAtK: estimatedCases === 0 ? NaN : sumAtK / estimatedCases,
    passHatK: estimatedCases === 0 ? NaN : sumHatK / estimatedCases,
    flaky,
    alwaysPass,
    alwaysFail,
  };
}
