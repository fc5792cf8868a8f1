import type { CostLine, OptionKind } from "../cost/tco.js";
import type { TcoAssumptions } from "../cost/tco-assumptions.js";

/**
 * What `tuneops decide --json` prints (schema version 1, docs/decide.md). Field names are snake_case
 * because this is a wire format; money is USD a month unless the name says otherwise.
 */
export interface DecisionReport {
  schema_version: 1;
  runs: { id: string; suite: string }[];
  use_case: {
    audience: "customer-facing" | "internal";
    volume_per_month: number;
    value_per_success_usd: number;
    cost_per_failure_usd: number;
    slo: { quality: { metric: string; min: number; use: "mean" | "ci_low" } | null; latency_p95_ms: number | null; max_cost_per_request_usd: number | null };
    allowed_vendors: string[] | null;
    assumptions: TcoAssumptions;
  };
  options: DecisionOptionReport[];
  recommendation: { option: string | null; reasons: string[] };
  /** Volumes (requests a month) at which two options' expected net values are equal. */
  break_even: { a: string; b: string; volume: number; below: string; above: string }[];
  /** Assumptions that would change the recommendation, and where. */
  sensitivity: { assumption: string; base: number; flips_at: number | null; new_option: string | null; direction: "up" | "down" | null; range: [number, number] }[];
  /** Problems with the inputs that did not stop the decision (e.g. facts about a candidate no run has). */
  warnings: string[];
  /** Monthly cost of each priced option over a range of volumes, for charts. */
  cost_curves: { volumes: number[]; options: { id: string; monthly_cost_usd: number[] }[] };
}

export interface DecisionOptionReport {
  id: string;
  kind: OptionKind;
  vendor: string;
  model: string;
  run: string;
  simulated: boolean;
  /** Null when its tokens cannot be priced. */
  monthly_cost_usd: number | null;
  cost_lines: CostLine[];
  /** The variable cost of one more request. */
  cost_per_request_usd: number | null;
  quality: { metric: string; mean: number | null; ci_low: number | null; ci_high: number | null; n: number | null };
  latency_p95_ms: number | null;
  slo_checks: { name: string; target: number; actual: number | null; passed: boolean }[];
  meets_slo: boolean;
  /** successes x value - failures x cost - monthly cost, at the use case's volume. */
  net_value_usd: number | null;
  /** Why the data-sensitivity rule excludes it, or null. */
  excluded: string | null;
  notes: string[];
}
