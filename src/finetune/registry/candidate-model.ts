import type { ProjectConfig, ProviderConfig } from "../../config/project-schema.js";
import { expandCandidates } from "../../eval/candidates.js";
import type { PlanSnapshot } from "../../eval/plan.js";
import { TuneopsError } from "../../spec/errors.js";
import type { RegisteredModel } from "../../spec/finetune-store.js";
import type { RunRecord } from "../../spec/store.js";

/** What a run's candidate called: its provider's name and type, the model id it sent, the endpoint. */
export interface EvaluatedModel {
  candidate: string;
  provider: string;
  type: ProviderConfig["type"];
  /** The model id (`model`), or the weights file (`model_path`) or module (`path`) for in-process providers. */
  model: string | undefined;
  /** The endpoint of an HTTP provider. */
  baseUrl: string | undefined;
}

/** The model a run's candidate evaluated, read from the run's configuration snapshot. */
export function evaluatedModelOf(run: RunRecord, candidate: string): EvaluatedModel {
  const snapshot = run.config as Partial<PlanSnapshot>;
  const config = snapshot.config as ProjectConfig | undefined;
  const suite = snapshot.suite === undefined ? undefined : config?.evals[snapshot.suite];
  const spec = config && suite && snapshot.suite !== undefined ? expandCandidates(config, snapshot.suite, suite).find((entry) => entry.id === candidate) : undefined;
  const provider = spec ? config?.providers[spec.providerName] : undefined;
  if (!spec || !provider) {
    throw new TuneopsError({ code: "input_invalid", message: `run ${run.id} has no candidate "${candidate}" whose provider it recorded`, location: { field: "--candidate" }, hint: "Name the candidate that evaluated the model with --candidate." });
  }
  const fields = provider as { model?: string; model_path?: string; path?: string; base_url?: string };
  return { candidate, provider: spec.providerName, type: provider.type, model: fields.model ?? fields.model_path ?? fields.path, baseUrl: fields.base_url };
}

/**
 * Refuses a promotion whose evaluated candidate is not the model being promoted: the candidate's model id
 * must be the registered model's target (its hosted id or weights folder), and when the promotion names
 * the gateway endpoint that will serve it, the candidate must have called that same endpoint.
 */
export function checkEvaluatedModel(options: { evaluated: EvaluatedModel; model: RegisteredModel; servingBaseUrl?: string | undefined; run: string }): void {
  const { evaluated, model } = options;
  const described = `candidate "${evaluated.candidate}" of run ${options.run} called provider ${evaluated.provider} (${evaluated.type}${evaluated.model === undefined ? "" : `, model ${evaluated.model}`})`;
  if (evaluated.model !== model.target) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${described}, not model ${model.id} (target ${model.target}): the gate did not measure the model being promoted`,
      location: { field: "--candidate" },
      hint: `Evaluate a candidate whose provider calls model ${model.target}, and name it with --candidate.`,
    });
  }
  if (options.servingBaseUrl !== undefined && evaluated.baseUrl !== undefined && sameEndpoint(evaluated.baseUrl, options.servingBaseUrl) === false) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `${described} at ${evaluated.baseUrl}, but the gateway would serve model ${model.id} from ${options.servingBaseUrl}: the gate did not measure the provider being promoted`,
      location: { field: "--gateway-target" },
      hint: "Name the gateway target that calls the evaluated endpoint with --gateway-target, or evaluate the model through the endpoint that will serve it.",
    });
  }
}

function sameEndpoint(a: string, b: string): boolean {
  const normal = (url: string): string => url.replace(/\/+$/, "").toLowerCase();
  return normal(a) === normal(b);
}
