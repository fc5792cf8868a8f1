import { compareRuns } from "../../eval/compare-runs.js";
import { TuneopsError } from "../../spec/errors.js";
import type { ComparisonSummary } from "../../spec/run-summary.js";
import type { Store } from "../../spec/store.js";

/**
 * `better`: the candidate must beat the incumbent at the 5% level. `non-inferior`: the 95% interval of
 * (candidate - incumbent) must stay above -margin, i.e. the candidate is at worst `margin` worse (the
 * usual bar for a cheaper fine-tuned model replacing a larger one).
 */
export type GateRequirement = "better" | "non-inferior";

export interface PromotionGateOptions {
  store: Store;
  /** The evaluation run that measured the candidate. */
  candidateRun: string;
  /** Candidate id of the model under test in that run. */
  candidate?: string;
  /** The run that measured the incumbent (default: the candidate's run). */
  incumbentRun?: string;
  incumbent?: string;
  /** The suite the runs must come from (the use case's suite). */
  suite?: string;
  /** Default: `pass_rate` when the runs have it, else the first compared metric. */
  metric?: string;
  require: GateRequirement;
  /** On the metric's scale (0.02 = 2 points of pass rate). */
  margin: number;
}

/** The gate's evidence, stored with the promotion (snake_case: it is printed and stored as JSON). */
export interface PromotionGateResult {
  passed: boolean;
  reason: string;
  require: GateRequirement;
  margin: number;
  metric: string;
  candidate_run: string;
  incumbent_run: string;
  candidate: string;
  incumbent: string;
  shared_cases: number;
  comparison: ComparisonSummary;
}

/**
 * The evaluation gate of a promotion: a paired comparison of the candidate and the incumbent on the
 * cases both ran (stored runs; see eval/compare-runs), judged by the requirement.
 */
export async function evaluatePromotionGate(options: PromotionGateOptions): Promise<PromotionGateResult> {
  const incumbentRun = options.incumbentRun ?? options.candidateRun;
  if (options.suite !== undefined) {
    for (const id of new Set([options.candidateRun, incumbentRun])) {
      const run = await options.store.getRun(id);
      if (run && run.suite !== options.suite) {
        throw new TuneopsError({ code: "input_invalid", message: `run ${id} evaluated suite "${run.suite}", not the model's use case "${options.suite}"`, hint: `Gate on a run of the ${options.suite} suite (tuneops eval --suite ${options.suite}).` });
      }
    }
  }
  const [compared] = await compareRuns({
    store: options.store,
    runA: incumbentRun,
    runB: options.candidateRun,
    ...(options.incumbent === undefined ? {} : { candidateA: options.incumbent }),
    ...(options.candidate === undefined ? {} : { candidateB: options.candidate }),
  });
  if (compared === undefined) throw new TuneopsError({ code: "input_invalid", message: `runs ${incumbentRun} and ${options.candidateRun} have no candidates to compare`, hint: "Name them with --candidate and --incumbent." });
  if (compared.a.candidate === compared.b.candidate && compared.a.run === compared.b.run) {
    throw new TuneopsError({ code: "input_invalid", message: "the candidate and the incumbent are the same", hint: "Name them with --candidate and --incumbent." });
  }
  const metric = options.metric ?? (compared.comparisons.some((comparison) => comparison.metric === "pass_rate") ? "pass_rate" : compared.comparisons[0]?.metric);
  const comparison = compared.comparisons.find((entry) => entry.metric === metric);
  if (metric === undefined || comparison === undefined) {
    throw new TuneopsError({ code: "input_invalid", message: `no paired comparison on ${metric ?? "any metric"}`, hint: `Compared metrics: ${compared.comparisons.map((entry) => entry.metric).join(", ") || "none (no shared cases)"}.` });
  }
  const { passed, reason } = judge(comparison, options.require, options.margin);
  return {
    passed,
    reason,
    require: options.require,
    margin: options.margin,
    metric,
    candidate_run: compared.b.run,
    incumbent_run: compared.a.run,
    candidate: compared.b.candidate,
    incumbent: compared.a.candidate,
    shared_cases: compared.sharedCases,
    comparison,
  };
}

function judge(comparison: ComparisonSummary, require: GateRequirement, margin: number): { passed: boolean; reason: string } {
  const interval = `difference ${signed(comparison.difference)} (95% CI ${signed(comparison.ci_low)} to ${signed(comparison.ci_high)}, n = ${comparison.n})`;
  if (comparison.n === 0) return { passed: false, reason: "no paired cases: the runs share no case" };
  if (require === "better") {
    return comparison.verdict === "b"
      ? { passed: true, reason: `the candidate is better on ${comparison.metric}: ${interval}` }
      : { passed: false, reason: `the candidate is not shown better on ${comparison.metric}: ${interval}${comparison.cases_needed ? `; about ${comparison.cases_needed} cases would tell` : ""}` };
  }
  return comparison.ci_low >= -margin
    ? { passed: true, reason: `the candidate is at worst ${margin} below the incumbent on ${comparison.metric}: ${interval}` }
    : { passed: false, reason: `the candidate may be more than ${margin} below the incumbent on ${comparison.metric}: ${interval}` };
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
}
