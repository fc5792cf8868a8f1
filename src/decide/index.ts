export { decide, type DecideInput } from "./decide.js";
export type { DecisionOptionReport, DecisionReport } from "./decision-report.js";
export { decisionCandidates, vendorOf, type DecisionCandidate } from "./decision-candidate.js";
export { resolveUseCase, useCaseForSuite, useCaseForSuites, type ResolvedUseCase } from "./use-case.js";
export { count as formatCount, percent as formatPercent, usd as formatUsd } from "./format-decision.js";
