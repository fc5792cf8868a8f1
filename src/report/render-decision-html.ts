import type { DecisionReport } from "../decide/decision-report.js";
import { count as formatCount, percent as formatPercent, usd as formatUsd } from "../decide/format-decision.js";
import { escapeMarkup as e } from "./escape-markup.js";
import { formatMs } from "./format.js";
import { htmlStyle } from "./html-style.js";
import { describeAssumption, formatAssumptionValue } from "./render-decision-text.js";
import { renderCostVolumeChart } from "./svg/cost-volume-chart.js";
import { candidateColor } from "./svg/palette.js";
import { renderParetoChart } from "./svg/pareto-chart.js";

function optionsTable(report: DecisionReport): string {
  const rows = report.options.map((option, index) => {
    const q = option.quality;
    const quality = q.mean === null ? "-" : `${formatPercent(q.mean)} <span class="ci">[${formatPercent(q.ci_low ?? 0)}, ${formatPercent(q.ci_high ?? 0)}]</span>`;
    const status = option.excluded !== null ? `<span class="badge fail">excluded</span>` : `<span class="badge ${option.meets_slo ? "pass" : "fail"}">${option.meets_slo ? "pass" : "fail"}</span>`;
    const recommended = option.id === report.recommendation.option ? ' <span class="tag">recommended</span>' : "";
    const simulated = option.simulated ? ' <span class="tag simulated">simulated</span>' : "";
    return `<tr${option.simulated ? ' class="simulated"' : ""}><td><span class="swatch" style="background:${candidateColor(index)}"></span><strong>${e(option.id)}</strong>${recommended}${simulated}</td><td>${e(option.kind)}</td><td>${e(option.vendor)}</td><td class="num">${quality}</td><td class="num">${e(formatMs(option.latency_p95_ms))}</td><td class="num">${option.cost_per_request_usd === null ? "-" : e(formatUsd(option.cost_per_request_usd))}</td><td class="num">${option.monthly_cost_usd === null ? "no price" : e(formatUsd(option.monthly_cost_usd))}</td><td class="num">${option.net_value_usd === null ? "-" : e(formatUsd(option.net_value_usd))}</td><td>${status}</td></tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr><th>Option</th><th>Kind</th><th>Vendor</th><th class="num">Quality [95% CI]</th><th class="num">p95</th><th class="num">$/request</th><th class="num">Monthly cost</th><th class="num">Net value</th><th>Service levels</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function costLines(report: DecisionReport): string {
  const blocks = report.options
    .filter((option) => option.cost_lines.length > 0)
    .map((option) => {
      const rows = option.cost_lines.map((line) => `<tr><td>${e(line.item)}</td><td class="num">${e(formatUsd(line.usd))}</td><td>${e(line.formula)}</td></tr>`).join("");
      const notes = option.notes.map((note) => `<li>${e(note)}</li>`).join("");
      return `<details><summary>${e(option.id)}: ${e(formatUsd(option.monthly_cost_usd ?? 0))} a month</summary><table><tbody>${rows}</tbody></table>${notes ? `<ul class="statements">${notes}</ul>` : ""}</details>`;
    });
  return blocks.join("");
}

function charts(report: DecisionReport): string {
  const colorOf = (id: string): string => candidateColor(report.options.findIndex((option) => option.id === id));
  const figures: string[] = [];
  const curves = report.cost_curves;
  if (curves.options.length > 0) {
    const svg = renderCostVolumeChart({
      id: "chart-cost-volume",
      volumes: curves.volumes,
      series: curves.options.map((series) => ({ label: series.id, color: colorOf(series.id), costs: series.monthly_cost_usd })),
      markers: report.break_even.map((entry) => ({ volume: entry.volume, cost: null, label: `${entry.a} = ${entry.b} at ${formatCount(entry.volume)}` })),
      current: report.use_case.volume_per_month,
    });
    figures.push(`<figure>${svg}<figcaption>Monthly total cost of each option against volume (log-log). Vertical lines: break-even volumes, where two options' expected net values are equal (one beyond the plotted volumes is drawn at that edge, its label marked ◀ or ▶); dashed: the use case's volume.</figcaption></figure>`);
  }
  const points = report.options
    .filter((option) => option.monthly_cost_usd !== null && option.quality.mean !== null && option.excluded === null)
    .map((option) => ({ label: option.id, color: colorOf(option.id), cost: option.monthly_cost_usd ?? 0, quality: option.quality.mean ?? 0, low: option.quality.ci_low, high: option.quality.ci_high }));
  if (points.length > 0) {
    const metric = report.use_case.slo.quality?.metric ?? "pass_rate";
    figures.push(`<figure>${renderParetoChart({ id: "chart-pareto", points, qualityLabel: metric })}<figcaption>Quality (${e(metric)}, 95% interval) against monthly total cost. The dashed line joins the Pareto front: options no other option beats on both.</figcaption></figure>`);
  }
  return figures.join("");
}

function sensitivityList(report: DecisionReport): string {
  const flips = report.sensitivity.filter((entry) => entry.flips_at !== null);
  const steady = report.sensitivity.filter((entry) => entry.flips_at === null);
  const items = flips.map(
    (entry) =>
      `<li><strong>${e(describeAssumption(entry.assumption))}</strong>: ${e(formatAssumptionValue(entry.assumption, entry.base))} now; ${entry.direction === "up" ? "above" : "below"} ${e(formatAssumptionValue(entry.assumption, entry.flips_at ?? 0))} the recommendation becomes <strong>${e(entry.new_option ?? "none")}</strong></li>`,
  );
  const none = flips.length === 0 ? "<p>No assumption, varied alone within the ranges searched, changes the recommendation.</p>" : "";
  const rest = steady.length > 0 ? `<p class="note">No change within the ranges searched: ${e(steady.map((entry) => describeAssumption(entry.assumption)).join(", "))}.</p>` : "";
  return `${none}<ul class="statements">${items.join("")}</ul>${rest}`;
}

/** The decision as a report section (headings, tables, charts), for any HTML page. */
export function renderDecisionSection(report: DecisionReport): string {
  const useCase = report.use_case;
  const reasons = report.recommendation.reasons.map((reason) => `<li>${e(reason)}</li>`).join("");
  const breakEven = report.break_even.map((entry) => `<li>${e(entry.a)} / ${e(entry.b)}: ${e(formatCount(entry.volume))} requests a month (below: ${e(entry.below)}, above: ${e(entry.above)})</li>`).join("");
  return [
    `<section><h2>Decision</h2><p>${e(formatCount(useCase.volume_per_month))} requests a month, ${e(useCase.audience)}; a success is worth ${e(formatUsd(useCase.value_per_success_usd))}, a failure costs ${e(formatUsd(useCase.cost_per_failure_usd))}.</p>`,
    ...report.warnings.map((warning) => `<div class="banner" role="note">${e(warning)}</div>`),
    `<h3>Recommendation: ${e(report.recommendation.option ?? "none")}</h3><ul class="statements">${reasons}</ul>`,
    optionsTable(report),
    `<div class="charts">${charts(report)}</div>`,
    breakEven ? `<h3>Break-even volumes</h3><ul class="statements">${breakEven}</ul>` : "",
    `<h3>Sensitivity: what would change the recommendation</h3>${sensitivityList(report)}`,
    `<h3>Cost breakdown</h3>${costLines(report)}`,
    "</section>",
  ].join("\n");
}

/** The decision as one self-contained HTML file (inline CSS and SVG, no script). */
export function renderDecisionHtml(report: DecisionReport, options: { project: string }): string {
  const title = `tuneops decide: ${options.project} (${report.runs.map((run) => run.suite).join(", ")})`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    `<title>${e(title)}</title><style>${htmlStyle}</style></head>`,
    `<body><main><header><h1>${e(title)}</h1><p class="note">Runs: ${e(report.runs.map((run) => `${run.id} (${run.suite})`).join(", "))}</p></header>`,
    renderDecisionSection(report),
    "<footer>Generated by tuneops decide, decision schema version 1.</footer></main></body></html>",
    "",
  ].join("\n");
}
