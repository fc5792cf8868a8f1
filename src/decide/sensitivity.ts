import type { TcoAssumptions } from "../cost/tco-assumptions.js";
import type { PreparedOption } from "./prepare-option.js";
import { bestOption, scoreOption, type Scenario } from "./score-options.js";

/** One assumption varied alone, and the value at which the recommendation changes (if it does in range). */
export interface SensitivityResult {
  /** The assumption's name as in tuneops.yaml, e.g. `volume_per_month`, `people.hourly_rate_usd`, `quality[gpt-mini]`. */
  assumption: string;
  base: number;
  /** The nearest value (in the searched range) at which another option becomes the recommendation; null when none. */
  flipsAt: number | null;
  /** What is recommended past that value (null: no option qualifies there). */
  newOption: string | null;
  direction: "up" | "down" | null;
  /** The range searched. */
  range: [number, number];
}

interface Parameter {
  assumption: string;
  base: number;
  scale: "log" | "share";
  apply(scenario: Scenario, value: number): Scenario;
}

function withAssumptions(scenario: Scenario, change: (assumptions: TcoAssumptions) => TcoAssumptions): Scenario {
  return { ...scenario, assumptions: change(scenario.assumptions) };
}

function parameters(options: { prepared: readonly PreparedOption[]; scenario: Scenario; focus: readonly string[] }): Parameter[] {
  const { scenario, prepared } = options;
  const a = scenario.assumptions;
  const list: Parameter[] = [
    { assumption: "volume_per_month", base: scenario.volume, scale: "log", apply: (s, v) => ({ ...s, volume: v }) },
    { assumption: "value_per_success_usd", base: scenario.valuePerSuccessUsd, scale: "log", apply: (s, v) => ({ ...s, valuePerSuccessUsd: v }) },
    { assumption: "cost_per_failure_usd", base: scenario.costPerFailureUsd, scale: "log", apply: (s, v) => ({ ...s, costPerFailureUsd: v }) },
    { assumption: "people.hourly_rate_usd", base: a.people.hourlyRateUsd, scale: "log", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, people: { ...x.people, hourlyRateUsd: v } })) },
    {
      assumption: "people.prompt_engineering_hours_per_month",
      base: a.people.promptEngineeringHoursPerMonth,
      scale: "log",
      apply: (s, v) => withAssumptions(s, (x) => ({ ...x, people: { ...x.people, promptEngineeringHoursPerMonth: v } })),
    },
    { assumption: "people.model_changes_per_year", base: a.people.modelChangesPerYear, scale: "log", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, people: { ...x.people, modelChangesPerYear: v } })) },
  ];
  if (prepared.some((option) => option.kind === "fine-tuned")) {
    list.push(
      { assumption: "fine_tuning.training_tokens", base: a.fineTuning.trainingTokens, scale: "log", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, fineTuning: { ...x.fineTuning, trainingTokens: v } })) },
      { assumption: "fine_tuning.retrains_per_year", base: a.fineTuning.retrainsPerYear, scale: "log", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, fineTuning: { ...x.fineTuning, retrainsPerYear: v } })) },
    );
  }
  if (prepared.some((option) => option.kind === "self-hosted")) {
    list.push(
      { assumption: "self_hosting.gpu_hourly_usd", base: a.selfHosting.gpuHourlyUsd, scale: "log", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, selfHosting: { ...x.selfHosting, gpuHourlyUsd: v } })) },
      { assumption: "self_hosting.utilisation", base: a.selfHosting.utilisation, scale: "share", apply: (s, v) => withAssumptions(s, (x) => ({ ...x, selfHosting: { ...x.selfHosting, utilisation: Math.max(v, 1e-6) } })) },
    );
  }
  for (const id of options.focus) {
    const option = prepared.find((entry) => entry.id === id);
    if (option?.quality) {
      list.push({ assumption: `quality[${id}]`, base: option.quality.mean, scale: "share", apply: (s, v) => ({ ...s, quality: new Map([...(s.quality ?? []), [id, v]]) }) });
    }
    if (option?.profile && option.profile.inferenceUsdPerRequest > 0) {
      list.push({ assumption: `price_multiplier[${id}]`, base: 1, scale: "log", apply: (s, v) => ({ ...s, priceMultiplier: new Map([...(s.priceMultiplier ?? []), [id, v]]) }) });
    }
  }
  return list;
}

function recommendedAt(prepared: readonly PreparedOption[], scenario: Scenario): string | null {
  return bestOption(prepared.map((option) => scoreOption(option, scenario)))?.option.id ?? null;
}

/** Grid of values to probe away from the base, nearest first. */
function grid(parameter: Parameter, direction: "up" | "down"): number[] {
  const values: number[] = [];
  if (parameter.scale === "share") {
    for (let step = 1; step <= 200; step++) {
      const value = direction === "up" ? parameter.base + step * 0.005 : parameter.base - step * 0.005;
      if (value < 0 || value > 1) break;
      values.push(value);
    }
    return values;
  }
  // Money and counts: x1.1 steps over three decades either side (from 0.0001 upwards when the base is 0).
  const start = parameter.base > 0 ? parameter.base : 1e-4;
  if (parameter.base === 0 && direction === "down") return [];
  if (parameter.base === 0) values.push(start);
  for (let step = 1; step <= 73; step++) values.push(direction === "up" ? start * Math.pow(1.1, step) : start / Math.pow(1.1, step));
  if (direction === "down") values.push(0);
  return values;
}

/**
 * Varies each assumption alone (volume, value and cost of outcomes, people, fine-tuning and GPU
 * figures, and the quality and token price of the leading options) and finds by root-finding the
 * nearest value at which the recommendation changes: a grid walk away from the base value, then 60
 * bisection steps between the last value that keeps the recommendation and the first that changes it.
 */
export function sensitivity(options: { prepared: readonly PreparedOption[]; scenario: Scenario; focus: readonly string[] }): SensitivityResult[] {
  const { prepared, scenario } = options;
  const base = recommendedAt(prepared, scenario);
  return parameters(options).map((parameter) => {
    let nearest: { value: number; option: string | null; direction: "up" | "down"; distance: number } | null = null;
    const searched: number[] = [parameter.base];
    for (const direction of ["up", "down"] as const) {
      let previous = parameter.base;
      for (const value of grid(parameter, direction)) {
        searched.push(value);
        const at = recommendedAt(prepared, parameter.apply(scenario, value));
        if (at !== base) {
          let same = previous;
          let changed = value;
          for (let step = 0; step < 60; step++) {
            const middle = (same + changed) / 2;
            if (recommendedAt(prepared, parameter.apply(scenario, middle)) === base) same = middle;
            else changed = middle;
          }
          const distance = parameter.scale === "share" ? Math.abs(changed - parameter.base) : Math.abs(Math.log((changed + 1e-12) / (parameter.base + 1e-12)));
          if (nearest === null || distance < nearest.distance) nearest = { value: changed, option: recommendedAt(prepared, parameter.apply(scenario, changed)), direction, distance };
          break;
        }
        previous = value;
      }
    }
    return {
      assumption: parameter.assumption,
      base: parameter.base,
      flipsAt: nearest?.value ?? null,
      newOption: nearest?.option ?? null,
      direction: nearest?.direction ?? null,
      range: [Math.min(...searched), Math.max(...searched)],
    };
  });
}
