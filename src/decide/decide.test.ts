import { describe, expect, it } from "vitest";
import type { UseCaseConfig } from "../config/use-case-schema.js";
import { createPriceTable } from "../cost/price-table.js";
import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";
import { decide } from "./decide.js";
import { useCaseForSuite } from "./use-case.js";

function candidate(options: { id: string; model: string; passRate: number; n?: number; inputTokens?: number; outputTokens?: number; p95?: number }): CandidateSummary {
  const n = options.n ?? 400;
  return {
    id: options.id,
    provider: "x",
    model: options.model,
    prompt: null,
    labels: [],
    n,
    errors: 0,
    error_codes: {},
    metrics: [{ name: "pass_rate", kind: "proportion", n, mean: options.passRate, ci_low: options.passRate - 0.03, ci_high: options.passRate + 0.03, method: "wilson" }],
    efficiency: {
      latency_ms: { n, mean: null, p50: null, p95: options.p95 ?? 500, p99: null, max: null },
      ttft_ms: null,
      output_tokens_per_second: null,
      input_tokens_total: 0,
      output_tokens_total: 0,
      input_tokens_mean: options.inputTokens ?? 0,
      output_tokens_mean: options.outputTokens ?? 0,
      cost_usd_total: null,
      cost_per_request_usd: null,
      cost_per_1k_requests_usd: null,
      price_source: null,
      cached_results: 0,
      latency_sample_ms: [],
    },
  };
}

function run(candidates: CandidateSummary[]): { summary: RunSummary; config: unknown } {
  const summary: RunSummary = {
    schema_version: 1,
    run: { id: "r1", project: "p", suite: "s", status: "completed", created_at: "2026-01-01T00:00:00Z", ended_at: null, simulated: false },
    dataset: { name: "d", path: "d.jsonl", hash: "h", cases: 100 },
    repeats: 1,
    candidates,
    skipped: [],
    gates: [],
  };
  // The configuration snapshot the run was planned from: a baseline provider and a hosted one.
  const config = {
    config: {
      providers: { base: { type: "baseline", task: "classify" }, llm: { type: "openai-compatible", model: "gpt-x", base_url: "https://api.openai.com/v1" } },
      evals: { s: { dataset: "d", repeats: 1, candidates: [{ provider: "base", context_var: "context" }, { provider: "llm", context_var: "context" }], scorers: [], gates: [] } },
    },
  };
  return { summary, config };
}

const prices = createPriceTable([{ model: "gpt-x", inputPerMtok: 1, outputPerMtok: 2, source: "test", date: "2026-01-01" }]);

// People's time only as upkeep: no review, monitoring, regression runs or model changes, so that every
// figure below can be checked by hand.
const useCase: UseCaseConfig = {
  audience: "internal",
  volume_per_month: 10_000,
  value_per_success_usd: 1,
  cost_per_failure_usd: 1,
  people: { review_sample_rate: 0, model_changes_per_year: 0 },
  evaluation: { judge_sample_rate: 0, regression_runs_per_month: 0 },
};

const runs = [run([candidate({ id: "base", model: "tfidf", passRate: 0.8 }), candidate({ id: "llm", model: "gpt-x", passRate: 0.95, inputTokens: 1000, outputTokens: 500 })])];

describe("decide", () => {
  it("prices, values and ranks the options by hand-checkable formulas", () => {
    const report = decide({ runs, useCase, prices });
    const base = report.options.find((option) => option.id === "base");
    const llm = report.options.find((option) => option.id === "llm");
    expect(base).toMatchObject({ kind: "baseline", vendor: "local", cost_per_request_usd: 0, meets_slo: true });
    expect(llm).toMatchObject({ kind: "prompting", vendor: "openai" });
    // 1,000 input tokens at $1/M + 500 output at $2/M
    expect(llm?.cost_per_request_usd).toBeCloseTo(0.002, 12);
    expect(base?.monthly_cost_usd).toBeCloseTo(200, 9); // 2 h x $100
    expect(llm?.monthly_cost_usd).toBeCloseTo(800 + 20, 9); // 8 h x $100 + 10,000 x $0.002
    expect(base?.net_value_usd).toBeCloseTo(10_000 * (0.8 - 0.2) - 200, 9);
    expect(llm?.net_value_usd).toBeCloseTo(10_000 * (0.95 - 0.05) - 820, 9);
    expect(llm?.quality).toMatchObject({ metric: "pass_rate", mean: 0.95, n: 400 });
    expect(llm?.quality.ci_low).toBeCloseTo(0.92, 12);
    expect(report.recommendation.option).toBe("llm");
    expect(report.recommendation.reasons.join("\n")).toMatch(/the no-LLM baseline base is not enough/);
  });

  it("finds the break-even volume: 0.6 V - 200 = 0.898 V - 800", () => {
    const [crossing, ...rest] = decide({ runs, useCase, prices }).break_even;
    expect(rest).toEqual([]);
    expect(crossing).toMatchObject({ a: "base", b: "llm", below: "base", above: "llm" });
    expect(crossing?.volume).toBeCloseTo(600 / 0.298, 4);
  });

  it("names the assumptions that flip the decision and where", () => {
    const flips = new Map(decide({ runs, useCase, prices }).sensitivity.map((entry) => [entry.assumption, entry]));
    expect(flips.get("volume_per_month")).toMatchObject({ direction: "down", new_option: "base" });
    expect(flips.get("volume_per_month")?.flips_at).toBeCloseTo(600 / 0.298, 3);
    // net(llm) - net(base) = (8,980 - 8 r) - (6,000 - 2 r) = 2,980 - 6 r
    expect(flips.get("people.hourly_rate_usd")?.flips_at).toBeCloseTo(2980 / 6, 3);
    // 10,000 (2 q - 1) - 820 = 5,800: q = 0.831
    expect(flips.get("quality[llm]")?.flips_at).toBeCloseTo((5800 + 820 + 10_000) / 20_000, 4);
    // The value of a success cannot flip it: the difference is 1,500 v + 880 > 0.
    expect(flips.get("value_per_success_usd")?.flips_at).toBeNull();
  });

  it("checks service levels and excludes vendors the data may not go to", () => {
    const report = decide({ runs, useCase: { ...useCase, slo: { quality: { metric: "pass_rate", min: 0.9, use: "mean" } }, data_sensitivity: { allowed_vendors: ["local"] } }, prices });
    expect(report.options.find((option) => option.id === "llm")?.excluded).toMatch(/openai may not see the data/);
    expect(report.options.find((option) => option.id === "base")?.slo_checks).toEqual([{ name: "quality", target: 0.9, actual: 0.8, passed: false }]);
    expect(report.recommendation.option).toBeNull();
    expect(report.recommendation.reasons[0]).toMatch(/no option meets/);
  });

  it("uses facts the run could not measure", () => {
    const report = decide({ runs, useCase: { ...useCase, candidates: { base: { kind: "prompting", vendor: "openai", model: "gpt-x", input_tokens_per_request: 2000, output_tokens_per_request: 0 } } }, prices });
    expect(report.options.find((option) => option.id === "base")).toMatchObject({ kind: "prompting", vendor: "openai", cost_per_request_usd: 0.002 });
    expect(report.warnings).toEqual([]);
    const typo = decide({ runs, useCase: { ...useCase, candidates: { bsae: { latency_p95_ms: 1 } } }, prices });
    expect(typo.warnings).toEqual(['use_case.candidates.bsae: no candidate "bsae" in the runs weighed (candidates: base, llm)']);
  });
});

describe("useCaseForSuite", () => {
  it("merges a suite's overrides one level deep", () => {
    const merged = useCaseForSuite({ ...useCase, slo: { latency_p95_ms: 1000 }, suites: { s: { slo: { max_cost_per_request_usd: 0.01 }, volume_per_month: 5 } } }, "s");
    expect(merged.slo).toEqual({ latency_p95_ms: 1000, max_cost_per_request_usd: 0.01 });
    expect(merged.volume_per_month).toBe(5);
  });
});
