import type { MetricSummary, RunSummary } from "../spec/run-summary.js";
import { escapeMarkup } from "./escape-markup.js";
import { findMetric, isSimulatedCandidate, scorerMetrics } from "./summary-view.js";
import { computeBoxStats } from "./svg/box-stats.js";
import { renderIntervalBarChart } from "./svg/interval-bar-chart.js";
import { renderLatencyBoxChart } from "./svg/latency-box-chart.js";
import { candidateColor } from "./svg/palette.js";
import { renderQualityCostChart } from "./svg/quality-cost-chart.js";

/** Builds the report's charts from a summary; each returns a <figure> (markup) or null when there is nothing to draw. */

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${escapeMarkup(caption)}</figcaption></figure>`;
}

export function qualityCostFigure(summary: RunSummary): string | null {
  const points = summary.candidates.map((candidate, index) => {
    const passRate = findMetric(candidate, "pass_rate");
    return {
      label: candidate.id,
      cost: candidate.efficiency.cost_per_1k_requests_usd,
      rate: passRate?.mean ?? null,
      low: passRate?.ci_low ?? null,
      high: passRate?.ci_high ?? null,
      color: candidateColor(index),
      simulated: isSimulatedCandidate(candidate),
    };
  });
  if (!points.some((point) => point.rate !== null)) return null;
  return figure(
    renderQualityCostChart({ id: "chart-quality-cost", points }),
    "Pass rate (95% Wilson interval) against cost per 1,000 requests. Candidates without a price, or free, sit on the left lane. Hollow markers are simulated.",
  );
}

export function latencyFigure(summary: RunSummary): string | null {
  const rows = summary.candidates.map((candidate, index) => ({
    label: candidate.id,
    stats: computeBoxStats(candidate.efficiency.latency_sample_ms),
    p50: candidate.efficiency.latency_ms.p50,
    p99: candidate.efficiency.latency_ms.p99,
    color: candidateColor(index),
    simulated: isSimulatedCandidate(candidate),
  }));
  if (!rows.some((row) => row.stats !== null || row.p50 !== null)) return null;
  return figure(
    renderLatencyBoxChart({ id: "chart-latency", rows }),
    "Box: interquartile range with the median; whiskers: p5 to p95; diamond: p99 over all requests. Uncached calls only.",
  );
}

const captions: Record<MetricSummary["kind"], string> = {
  proportion: "rate, 95% Wilson interval",
  mean: "mean, 95% interval",
  corpus: "corpus-level score on its own scale (not a percentage), 95% bootstrap interval",
};

/**
 * One small bar chart per scorer metric, in the order metrics first appear. Keyed by name and kind,
 * so a corpus score always gets an axis of its own and never shares a rate's [0,1] axis.
 */
export function scorerFigures(summary: RunSummary): string[] {
  const keys: { name: string; kind: MetricSummary["kind"] }[] = [];
  for (const candidate of summary.candidates) {
    for (const metric of scorerMetrics(candidate)) {
      if (!keys.some((key) => key.name === metric.name && key.kind === metric.kind)) keys.push({ name: metric.name, kind: metric.kind });
    }
  }
  return keys.map(({ name, kind }, metricIndex) => {
    const bars = summary.candidates.map((candidate, index) => {
      const metric = candidate.metrics.find((entry) => entry.name === name && entry.kind === kind);
      return {
        label: candidate.id,
        mean: metric?.mean ?? null,
        low: metric?.ci_low ?? null,
        high: metric?.ci_high ?? null,
        color: candidateColor(index),
        simulated: isSimulatedCandidate(candidate),
      };
    });
    const label = kind === "corpus" ? `${name} (corpus)` : name;
    return figure(renderIntervalBarChart({ id: `chart-metric-${metricIndex}`, metric: name, kind, bars }), `${label}: ${captions[kind]}.`);
  });
}
