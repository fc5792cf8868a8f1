import type { CandidateFacts, ProjectConfig, ProviderConfig } from "../config/index.js";
import type { OptionKind } from "../cost/tco.js";
import { expandCandidates } from "../eval/candidates.js";
import type { CandidateSummary, RunSummary } from "../spec/run-summary.js";

/** One measured candidate of a stored run, as `decide` sees it. */
export interface DecisionCandidate {
  /** Unique across the runs weighed: the candidate id, or `id@run` when two runs share an id. */
  id: string;
  runId: string;
  suite: string;
  kind: OptionKind;
  /** Who sees the data: `local` or a provider name. */
  vendor: string;
  /** Model id that prices its tokens. */
  model: string;
  /** The provider's type (`openai-compatible`, `baseline`, `replay`, ...), or null when unknown. */
  providerType: string | null;
  simulated: boolean;
  summary: CandidateSummary;
  /** Cases of the run (an evaluation run's size, for regression-run costs). */
  evaluationCases: number;
  facts: CandidateFacts;
}

/** The snapshot a run stores (eval/plan.ts PlanSnapshot), read defensively: older runs may lack parts. */
interface StoredSnapshot {
  config?: ProjectConfig;
  suite?: string;
}

const loopback = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"]);

/** Who sees the data a provider is sent. */
export function vendorOf(provider: ProviderConfig | undefined): string {
  if (provider === undefined) return "unknown";
  if (provider.type === "anthropic") return "anthropic";
  if (provider.type !== "openai-compatible") return "local";
  const host = new URL(provider.base_url).hostname;
  if (provider.local === true || loopback.has(host)) return "local";
  if (host === "api.openai.com") return "openai";
  return host;
}

function kindOf(options: { provider: ProviderConfig | undefined; retriever: string | null; model: string; vendor: string }): OptionKind {
  const { provider } = options;
  if (provider?.type === "baseline") return "baseline";
  if (options.retriever !== null) return "rag";
  if (options.model.startsWith("ft:")) return "fine-tuned";
  if (provider?.type === "llama-cpp" || (provider?.type === "openai-compatible" && options.vendor === "local")) return "self-hosted";
  return "prompting";
}

/**
 * The candidates of stored runs, each classified from the configuration its run was planned from:
 * baseline (a classical model), RAG (a retriever fills the prompt), fine-tuned (an `ft:` model),
 * self-hosted (a model served on your machines), else prompting. `use_case.candidates` facts win.
 */
export function decisionCandidates(options: { runs: readonly { summary: RunSummary; config: unknown }[]; facts: Record<string, CandidateFacts> }): DecisionCandidate[] {
  const seen = new Map<string, number>();
  for (const run of options.runs) for (const candidate of run.summary.candidates) seen.set(candidate.id, (seen.get(candidate.id) ?? 0) + 1);
  const out: DecisionCandidate[] = [];
  for (const { summary, config } of options.runs) {
    const snapshot = (typeof config === "object" && config !== null ? config : {}) as StoredSnapshot;
    const project = snapshot.config;
    const suiteConfig = project?.evals[summary.run.suite];
    let specs: ReturnType<typeof expandCandidates> = [];
    try {
      if (project !== undefined && suiteConfig !== undefined) specs = expandCandidates(project, summary.run.suite, suiteConfig);
    } catch {
      specs = [];
    }
    for (const candidate of summary.candidates) {
      const spec = specs.find((entry) => entry.id === candidate.id);
      const provider = spec === undefined ? undefined : project?.providers[spec.providerName];
      const facts = options.facts[candidate.id] ?? {};
      const vendor = facts.vendor ?? vendorOf(provider);
      const model = facts.model ?? candidate.model;
      out.push({
        id: (seen.get(candidate.id) ?? 0) > 1 ? `${candidate.id}@${summary.run.id}` : candidate.id,
        runId: summary.run.id,
        suite: summary.run.suite,
        kind: facts.kind ?? kindOf({ provider, retriever: spec?.retriever ?? null, model, vendor }),
        vendor,
        model,
        providerType: provider?.type ?? null,
        simulated: candidate.labels.includes("simulated"),
        summary: candidate,
        evaluationCases: summary.dataset.cases,
        facts,
      });
    }
  }
  return out;
}
