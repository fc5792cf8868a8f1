import { TuneopsError } from "../../spec/errors.js";
import type { FineTuneStore, PromotionRecord, RegisteredModel, RegisteredModelStatus } from "../../spec/finetune-store.js";
import type { Store } from "../../spec/store.js";
import { checkEvaluatedModel, evaluatedModelOf } from "./candidate-model.js";
import { evaluatePromotionGate, type PromotionGateOptions, type PromotionGateResult } from "./promotion-gate.js";

export interface PromoteModelOptions extends Omit<PromotionGateOptions, "store" | "suite"> {
  /** Holds the evaluation runs the gate compares. */
  store: Store;
  registry: FineTuneStore;
  modelId: string;
  /** Share of the route's traffic, 1-99; absent or 100: the model becomes the active one. */
  canaryPercent?: number;
  /** Gateway route the model serves: the gateway reads promotions and gives the model its share. */
  route?: string;
  /** Gateway target serving the model (default: the route's first target, with the model id replaced). */
  gatewayTarget?: string;
  /** Base URL of the gateway target that will serve the model: the evaluated candidate must have called it. */
  servingBaseUrl?: string;
  id: string;
  now: () => number;
}

export interface PromotionOutcome {
  gate: PromotionGateResult;
  /** Undefined when the gate failed (nothing changed). */
  promotion?: PromotionRecord;
}

/**
 * Promotes a registered model after its evaluation gate passes: to `canary` (a share of a route's
 * traffic, beside the incumbent) or to `active` (the incumbent is retired). A failed gate changes
 * nothing. The record carries the route and share for the gateway to apply.
 */
export async function promoteModel(options: PromoteModelOptions): Promise<PromotionOutcome> {
  const { registry } = options;
  const model = await requireModel(registry, options.modelId);
  const useCase = model.useCase;
  if (useCase === null) {
    throw new TuneopsError({ code: "input_invalid", message: `model ${model.id} has no use case to be promoted in`, hint: "Start fine-tuning jobs with --use-case SUITE, or register the model with one." });
  }
  if (model.status === "active") throw new TuneopsError({ code: "input_invalid", message: `model ${model.id} is already the active model of ${useCase}` });
  const canary = options.canaryPercent !== undefined && options.canaryPercent < 100;
  if (options.canaryPercent !== undefined && !(options.canaryPercent > 0 && options.canaryPercent <= 100)) {
    throw new TuneopsError({ code: "input_invalid", message: `--canary ${options.canaryPercent} is not a share of traffic`, location: { field: "--canary" }, hint: "Use a percentage above 0 and at most 100." });
  }
  if (options.gatewayTarget !== undefined && options.route === undefined) {
    throw new TuneopsError({ code: "input_invalid", message: "--gateway-target needs --route", location: { field: "--gateway-target" }, hint: "Name the gateway route the model serves with --route." });
  }
  // A canary promoted to full keeps the route (and target) it was put on unless told otherwise.
  const earlier = options.route === undefined && model.status === "canary" ? (await registry.listPromotions({ useCase })).find((entry) => entry.action === "promote" && entry.modelId === model.id && entry.route !== null) : undefined;
  const route = options.route ?? earlier?.route ?? null;
  const gatewayTarget = options.route === undefined ? (earlier?.gatewayTarget ?? null) : (options.gatewayTarget ?? null);
  const gate = await evaluatePromotionGate({ ...options, store: options.store, suite: useCase });
  // The gate's evidence counts only if the candidate it measured is this model.
  const candidateRun = await options.store.getRun(gate.candidate_run);
  if (candidateRun) checkEvaluatedModel({ evaluated: evaluatedModelOf(candidateRun, gate.candidate), model, servingBaseUrl: options.servingBaseUrl, run: gate.candidate_run });
  if (!gate.passed) return { gate };
  const incumbent = (await registry.listModels({ useCase })).find((entry) => entry.status === "active" && entry.id !== model.id);
  const statuses: Record<string, RegisteredModelStatus> = { [model.id]: canary ? "canary" : "active" };
  if (!canary && incumbent) statuses[incumbent.id] = "retired";
  // A model already on canary that is now fully promoted leaves other canaries of the use case as they are.
  const now = options.now();
  const runs = [...new Set([...model.evalRuns, gate.candidate_run, gate.incumbent_run])];
  await registry.updateModel(model.id, { evalRuns: runs, updatedAt: now });
  const promotion = await registry.recordPromotion(
    {
      id: options.id,
      useCase,
      action: "promote",
      modelId: model.id,
      previousModelId: incumbent?.id ?? null,
      status: canary ? "canary" : "active",
      route,
      canaryPercent: canary ? options.canaryPercent! : null,
      gatewayTarget,
      gate,
      createdAt: now,
    },
    statuses,
  );
  return { gate, promotion };
}

/**
 * Undoes the latest promotion of a use case in one step: a canary is withdrawn (the incumbent keeps all
 * traffic); a full promotion is withdrawn and the model it replaced is active again.
 */
export async function rollbackUseCase(options: { registry: FineTuneStore; useCase: string; id: string; now: () => number }): Promise<PromotionRecord> {
  const { registry } = options;
  const [latest] = await registry.listPromotions({ useCase: options.useCase, limit: 1 });
  if (latest === undefined || latest.action !== "promote") {
    throw new TuneopsError({ code: "input_invalid", message: `nothing to roll back in ${options.useCase}: ${latest === undefined ? "no promotion yet" : "its latest change is already a rollback"}`, hint: "See `tuneops models list --use-case " + options.useCase + "`." });
  }
  const withdrawn = await requireModel(registry, latest.modelId);
  const restored = latest.status === "active" ? latest.previousModelId : (await registry.listModels({ useCase: options.useCase })).find((model) => model.status === "active")?.id ?? null;
  const statuses: Record<string, RegisteredModelStatus> = { [withdrawn.id]: "rolled-back" };
  if (restored !== null) statuses[restored] = "active";
  return registry.recordPromotion(
    {
      id: options.id,
      useCase: options.useCase,
      action: "rollback",
      modelId: restored ?? withdrawn.id,
      previousModelId: withdrawn.id,
      status: "active",
      route: latest.route,
      canaryPercent: null,
      gatewayTarget: null,
      gate: { rolled_back: latest.id },
      createdAt: options.now(),
    },
    statuses,
  );
}

async function requireModel(registry: FineTuneStore, id: string): Promise<RegisteredModel> {
  const model = await registry.getModel(id);
  if (!model) throw new TuneopsError({ code: "not_found", message: `no registered model with id ${id}`, hint: "List models with `tuneops models list`." });
  return model;
}
