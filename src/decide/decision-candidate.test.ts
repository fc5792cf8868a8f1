import { describe, expect, it } from "vitest";
import type { ProviderConfig } from "../config/project-schema.js";
import { vendorOf } from "./decision-candidate.js";
import { decide } from "./decide.js";
import { createPriceTable } from "../cost/price-table.js";
import type { RunSummary } from "../spec/run-summary.js";

const openAi = (base_url: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({ type: "openai-compatible", model: "m", base_url, ...extra }) as ProviderConfig;

describe("vendorOf", () => {
  it("names who sees the data", () => {
    expect(vendorOf(openAi("https://api.openai.com/v1"))).toBe("openai");
    expect(vendorOf(openAi("http://127.0.0.1:11434/v1"))).toBe("local");
    expect(vendorOf(openAi("https://gpu.internal/v1", { local: true } as Partial<ProviderConfig>))).toBe("local");
    expect(vendorOf(openAi("https://api.groq.com/openai/v1"))).toBe("api.groq.com");
    expect(vendorOf({ type: "anthropic", model: "claude", base_url: "https://api.anthropic.com", api_key_env: "K" } as ProviderConfig)).toBe("anthropic");
    expect(vendorOf({ type: "baseline", task: "classify" } as ProviderConfig)).toBe("local");
  });
});

function summaryOf(ids: { id: string; model: string; tps: number | null }[]): RunSummary {
  return {
    schema_version: 1,
    run: { id: "r", project: "p", suite: "s", status: "completed", created_at: "2026-01-01T00:00:00Z", ended_at: null, simulated: false },
    dataset: { name: "d", path: "d", hash: "h", cases: 50 },
    repeats: 1,
    skipped: [],
    gates: [],
    candidates: ids.map(({ id, model, tps }) => ({
      id,
      provider: "x",
      model,
      prompt: null,
      labels: [],
      n: 50,
      errors: 0,
      error_codes: {},
      metrics: [{ name: "pass_rate", kind: "proportion", n: 50, mean: 0.9, ci_low: 0.8, ci_high: 0.95, method: "wilson" }],
      efficiency: {
        latency_ms: { n: 50, mean: null, p50: null, p95: 800, p99: null, max: null },
        ttft_ms: null,
        output_tokens_per_second: tps,
        input_tokens_total: 0,
        output_tokens_total: 0,
        input_tokens_mean: 1000,
        output_tokens_mean: 100,
        cost_usd_total: null,
        cost_per_request_usd: null,
        cost_per_1k_requests_usd: null,
        price_source: null,
        cached_results: 0,
        latency_sample_ms: [],
      },
    })),
  };
}

describe("decide: fine-tuned and self-hosted options", () => {
  it("classifies them from the run's configuration and prices training and GPUs", () => {
    const config = {
      config: {
        providers: {
          tuned: { type: "openai-compatible", model: "ft:gpt-4o-mini-2024-07-18:acme::x1", base_url: "https://api.openai.com/v1" },
          llama: { type: "llama-cpp", model_path: "m.gguf" },
        },
        evals: { s: { dataset: "d", repeats: 1, candidates: [{ provider: "tuned", context_var: "context" }, { provider: "llama", context_var: "context" }], scorers: [], gates: [] } },
      },
    };
    const prices = createPriceTable([{ model: "ft:gpt-4o-mini", inputPerMtok: 0.3, outputPerMtok: 1.2, trainingPerMtok: 3, source: "test" }]);
    const report = decide({
      runs: [{ summary: summaryOf([{ id: "tuned", model: "ft:gpt-4o-mini-2024-07-18:acme::x1", tps: null }, { id: "llama", model: "m.gguf", tps: 50 }]), config }],
      useCase: { audience: "internal", volume_per_month: 100_000, value_per_success_usd: 0.1, cost_per_failure_usd: 0 },
      prices,
    });
    const tuned = report.options.find((option) => option.id === "tuned");
    const llama = report.options.find((option) => option.id === "llama");
    expect(tuned).toMatchObject({ kind: "fine-tuned", vendor: "openai" });
    expect(tuned?.cost_per_request_usd).toBeCloseTo((1000 * 0.3 + 100 * 1.2) / 1e6, 12);
    // 4 jobs a year: (1M x 3 epochs x $3/M + 16 h x $100) / 3
    expect(tuned?.cost_lines.find((line) => line.item === "training")?.usd).toBeCloseTo((9 + 1600) / 3, 9);
    expect(llama).toMatchObject({ kind: "self-hosted", vendor: "local" });
    // 100,000 x 100 tokens / (50 tok/s x 8 x 0.5 x 3600) = 13.9 h, under the 730 h always-on floor.
    expect(llama?.cost_lines.find((line) => line.item === "gpu")?.usd).toBeCloseTo(730 * 2.5, 9);
    expect(report.sensitivity.map((entry) => entry.assumption)).toEqual(expect.arrayContaining(["fine_tuning.training_tokens", "self_hosting.gpu_hourly_usd"]));
  });
});
