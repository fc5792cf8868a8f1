import type { CandidateSummary, ModelVersionCount, RunSummary } from "../spec/run-summary.js";
import { paint } from "./ansi.js";
import { formatCount } from "./format.js";
import { escapeMarkup } from "./escape-markup.js";
import { escapeMarkdownInline } from "./markdown-text.js";

/**
 * The "Model version changed" section of the reports: a candidate whose answers came from two or more
 * model versions under one model name (the upstream reported them: `system_fingerprint`, a dated model
 * id). Cached answers from an older version are the usual cause, and `--refresh-cache` the cure.
 */
export function changedModelVersions(summary: RunSummary): { candidate: CandidateSummary; versions: ModelVersionCount[] }[] {
  return summary.candidates.flatMap((candidate) => (candidate.model_versions && candidate.model_versions.length > 1 ? [{ candidate, versions: candidate.model_versions }] : []));
}

/** `fp_a: 10 results (10 cached), fp_b: 2 results`. */
export function modelVersionsText(versions: readonly ModelVersionCount[]): string {
  return versions
    .map((entry) => `${entry.version}: ${formatCount(entry.results)} result${entry.results === 1 ? "" : "s"}${entry.cached > 0 ? ` (${formatCount(entry.cached)} cached)` : ""}`)
    .join(", ");
}

function advice(versions: readonly ModelVersionCount[]): string {
  return versions.some((entry) => entry.cached > 0)
    ? "Some answers came from the response cache under another version: `tuneops eval --refresh-cache` calls the model again and overwrites them."
    : "The upstream changed the model during the run: compare runs made before and after with care.";
}

export function modelVersionLines(summary: RunSummary, options: { color: boolean }): string[] {
  const changed = changedModelVersions(summary);
  if (changed.length === 0) return [];
  const lines = ["", paint("Model version changed", "yellow", options.color)];
  for (const { candidate, versions } of changed) {
    lines.push(`  ${candidate.id} (${candidate.model}): ${modelVersionsText(versions)}`);
    lines.push(`    ${advice(versions)}`);
  }
  return lines;
}

export function modelVersionMarkdown(summary: RunSummary): string | null {
  const changed = changedModelVersions(summary);
  if (changed.length === 0) return null;
  const items = changed.map(({ candidate, versions }) => `- **${escapeMarkdownInline(candidate.id)}** (${escapeMarkdownInline(candidate.model)}): ${escapeMarkdownInline(modelVersionsText(versions))}. ${advice(versions)}`);
  return `## Model version changed\n\n${items.join("\n")}`;
}

/** The HTML section's body, or null when no candidate's model changed. */
export function modelVersionHtml(summary: RunSummary): string | null {
  const changed = changedModelVersions(summary);
  if (changed.length === 0) return null;
  const items = changed.map(({ candidate, versions }) => `<li><strong>${escapeMarkup(candidate.id)}</strong> (${escapeMarkup(candidate.model)}): ${escapeMarkup(modelVersionsText(versions))}. ${escapeMarkup(advice(versions))}</li>`);
  return `<ul>${items.join("")}</ul>`;
}
