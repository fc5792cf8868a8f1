import { describe, expect, it } from "vitest";
import { breakEvenVolumes } from "./break-even.js";
import { defaultEpochs, estimateFineTune } from "./fine-tune-estimate.js";
import { resolveTcoAssumptions } from "./tco-assumptions.js";
import { marginalCostPerRequest, monthlyCost, netValue, selfHostedGpuHours, type OptionCostProfile } from "./tco.js";

const assumptions = resolveTcoAssumptions();
const prompting: OptionCostProfile = {
  kind: "prompting",
  hosted: true,
  inferenceUsdPerRequest: 0.001,
  outputTokensPerRequest: 100,
  outputTokensPerSecond: null,
  trainingUsdPerMtok: null,
  hostingUsdPerHour: 0,
  evaluationCases: 200,
};

function line(cost: ReturnType<typeof monthlyCost>, item: string): number | undefined {
  return cost.lines.find((entry) => entry.item === item)?.usd;
}

describe("monthlyCost", () => {
  it("adds inference, people, rework, review, monitoring and evaluation for a prompted model", () => {
    const cost = monthlyCost({ volume: 100_000, profile: prompting, assumptions });
    expect(line(cost, "inference")).toBeCloseTo(100, 9); // 100,000 x $0.001
    expect(line(cost, "people")).toBeCloseTo(800, 9); // 8 h x $100
    expect(line(cost, "rework")).toBeCloseTo((2 / 12) * 16 * 100, 9); // 266.67
    expect(line(cost, "review")).toBeCloseTo((1000 * 2 * 100) / 60, 9); // 1% reviewed, 2 min each: 3,333.33
    expect(line(cost, "monitoring")).toBeCloseTo(1000 * 0.002, 9); // 1% judged at $0.002
    expect(line(cost, "evaluation")).toBeCloseTo(2 * 200 * 0.001, 9);
    expect(cost.totalUsd).toBeCloseTo(100 + 800 + 266.6666667 + 3333.3333333 + 2 + 0.4, 5);
  });
  it("charges a baseline its small upkeep and no rework", () => {
    const cost = monthlyCost({ volume: 0, profile: { ...prompting, kind: "baseline", hosted: false, inferenceUsdPerRequest: 0 }, assumptions });
    expect(cost.totalUsd).toBeCloseTo(200, 9); // 2 h x $100
    expect(line(cost, "rework")).toBeUndefined();
  });
  it("spreads fine-tuning jobs over the months and adds hosting", () => {
    const profile: OptionCostProfile = { ...prompting, kind: "fine-tuned", trainingUsdPerMtok: 3, hostingUsdPerHour: 1.5 };
    const cost = monthlyCost({ volume: 0, profile, assumptions });
    // 4 jobs a year: (1M tokens x 3 epochs x $3/M + 16 h x $100) / 3 months
    expect(line(cost, "training")).toBeCloseTo((9 + 1600) / 3, 9);
    expect(line(cost, "hosting")).toBeCloseTo(730 * 1.5, 9);
  });
  it("sizes self-hosted GPUs from the measured decode speed, never under the always-on floor", () => {
    const profile: OptionCostProfile = { ...prompting, kind: "self-hosted", hosted: false, inferenceUsdPerRequest: 0, outputTokensPerSecond: 50 };
    // One GPU decodes 50 tok/s x 8 streams x 0.5 utilisation x 3600 s = 720,000 tokens an hour.
    expect(selfHostedGpuHours({ volume: 1000, profile, assumptions })).toBe(730);
    expect(selfHostedGpuHours({ volume: 10_000_000, profile, assumptions })).toBeCloseTo((10_000_000 * 100) / 720_000, 9);
    const cost = monthlyCost({ volume: 10_000_000, profile, assumptions });
    expect(line(cost, "gpu")).toBeCloseTo(((10_000_000 * 100) / 720_000) * 2.5, 6);
    expect(line(cost, "people")).toBeCloseTo((8 + 20) * 100, 9);
    expect(marginalCostPerRequest({ profile, assumptions })).toBeCloseTo(2.5 / 7200, 12);
  });
});

describe("netValue", () => {
  it("values successes, charges failures and subtracts the cost", () => {
    // 1,000 x (0.9 x $2 - 0.1 x $5) - $300 = 1,000 x 1.3 - 300
    expect(netValue({ volume: 1000, quality: 0.9, valuePerSuccessUsd: 2, costPerFailureUsd: 5, monthlyCostUsd: 300 })).toBeCloseTo(1000, 9);
  });
});

describe("breakEvenVolumes", () => {
  it("finds where a fixed-cost option overtakes a per-request one", () => {
    // a: $1,000 a month flat; b: $0.01 a request. Equal at 100,000 requests.
    const net = (option: string, volume: number): number => -(option === "a" ? 1000 : 0.01 * volume);
    const [found, ...rest] = breakEvenVolumes({ a: "a", b: "b", net, maxVolume: 1e9 });
    expect(rest).toEqual([]);
    expect(found?.volume).toBeCloseTo(100_000, 3);
    expect(found).toMatchObject({ below: "b", above: "a" });
  });
  it("finds none when one option is better everywhere", () => {
    expect(breakEvenVolumes({ a: "a", b: "b", net: (option, volume) => (option === "a" ? volume : volume - 1), maxVolume: 1e6 })).toEqual([]);
  });
});

describe("fine-tuning estimate", () => {
  it("follows OpenAI's epoch heuristic", () => {
    expect(defaultEpochs(10)).toBe(10); // 10 x 3 < 100: 100 // 10
    expect(defaultEpochs(3)).toBe(25); // 100 // 3 = 33, clamped to 25
    expect(defaultEpochs(50)).toBe(3);
    expect(defaultEpochs(10_000)).toBe(2); // 30,000 > 25,000: 25,000 // 10,000
    expect(defaultEpochs(30_000)).toBe(1);
  });
  it("bills capped tokens times epochs at the training price", () => {
    const estimate = estimateFineTune({ exampleTokens: [100, 200, 70_000], maxTokensPerExample: 65_536, trainingUsdPerMtok: 3 });
    expect(estimate).toMatchObject({ examples: 3, datasetTokens: 70_300, billedTokensPerEpoch: 65_836, examplesOverLimit: 1, epochs: 25, epochsSource: "heuristic", billedTokens: 65_836 * 25 });
    expect(estimate.costUsd).toBeCloseTo((65_836 * 25 * 3) / 1e6, 12);
    expect(estimateFineTune({ exampleTokens: [10], epochs: 2, maxTokensPerExample: 100, trainingUsdPerMtok: null })).toMatchObject({ billedTokens: 20, costUsd: null, epochsSource: "given" });
  });
});
