import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadProject } from "../../config/load-project.js";
import type { Command } from "commander";
import { newRunId } from "../../eval/run-id.js";
import { promoteModel, rollbackUseCase } from "../../finetune/registry/promote-model.js";
import type { GateRequirement } from "../../finetune/registry/promotion-gate.js";
import { exitCodes, TuneopsError } from "../../spec/errors.js";
import type { RegisteredModel } from "../../spec/finetune-store.js";
import type { CliContext } from "../context.js";
import { withFinetuneStore } from "../finetune-job-view.js";
import { paint } from "../terminal.js";
import { forThisShell } from "../invocation.js";

const configOption = ["-c, --config <file>", "project file (its folder holds the store)", "tuneops.yaml"] as const;

interface PromoteFlags {
  config: string;
  run: string;
  candidate?: string;
  incumbent?: string;
  incumbentRun?: string;
  metric?: string;
  require: string;
  margin: string;
  canary?: string;
  route?: string;
  gatewayTarget?: string;
  json?: boolean;
}

/** `tuneops models list|show|register|promote|rollback`: the registry of trained models and what serves each use case. */
export function registerModelsCommand(program: Command, context: CliContext): void {
  const models = program.command("models").description("The model registry: lineage, evaluation-gated promotion, rollback.");
  models
    .command("list")
    .description("List registered models, newest first.")
    .option(...configOption)
    .option("--use-case <suite>", "only this use case")
    .option("--json", "print JSON")
    .action((flags: { config: string; useCase?: string; json?: boolean }) =>
      withFinetuneStore(context, flags.config, async (registry) => {
        const list = await registry.listModels(flags.useCase === undefined ? {} : { useCase: flags.useCase });
        if (flags.json) return context.terminal.out(JSON.stringify(list.map(modelJson), null, 2));
        if (list.length === 0) return context.terminal.out(forThisShell(context, "no models registered yet: a succeeded `tuneops finetune` job registers its model"));
        const rows = [["model", "status", "use case", "base model", "target", "cost"]];
        for (const model of list) rows.push([model.id, model.status, model.useCase ?? "-", model.baseModel, model.target, model.costUsd === null ? "-" : `$${model.costUsd.toFixed(4)}`]);
        context.terminal.out(table(rows));
      }),
    );
  models
    .command("show")
    .description("Show a model's lineage and its use case's promotion history.")
    .argument("<model-id>")
    .option(...configOption)
    .option("--json", "print JSON")
    .action((id: string, flags: { config: string; json?: boolean }) =>
      withFinetuneStore(context, flags.config, async (registry) => {
        const model = await registry.getModel(id);
        if (!model) throw new TuneopsError({ code: "not_found", message: `no registered model with id ${id}`, hint: "List models with `tuneops models list`." });
        const job = model.jobId === null ? undefined : await registry.getJob(model.jobId);
        const promotions = model.useCase === null ? [] : (await registry.listPromotions({ useCase: model.useCase })).filter((entry) => entry.modelId === id || entry.previousModelId === id);
        if (flags.json) return context.terminal.out(JSON.stringify({ ...modelJson(model), job: job ? { id: job.id, backend: job.backend, external_id: job.externalId, training_file: job.trainingFile, trained_tokens: job.trainedTokens } : null, promotions }, null, 2));
        const { terminal } = context;
        terminal.out(`${model.id}  ${paint(terminal, "bold", model.status)}  ${model.target}`);
        terminal.out(`  use case: ${model.useCase ?? "-"}  base model: ${model.baseModel}  source: ${model.source}`);
        terminal.out(`  job: ${model.jobId ?? "-"}${job ? ` (${job.backend} ${job.externalId ?? ""}, data ${job.trainingFile})` : ""}`);
        terminal.out(`  dataset sha256: ${model.datasetHash ?? "-"}`);
        terminal.out(`  hyperparameters: ${Object.entries(model.hyperparameters).map(([key, value]) => `${key}=${value}`).join(", ") || "-"}`);
        terminal.out(`  cost: ${model.costUsd === null ? "unknown" : `$${model.costUsd.toFixed(4)}`}  evaluation runs: ${model.evalRuns.join(", ") || "-"}`);
        for (const entry of promotions) terminal.out(`  ${new Date(entry.createdAt).toISOString()}  ${entry.action} -> ${entry.modelId} ${entry.status}${entry.canaryPercent === null ? "" : ` ${entry.canaryPercent}%`}${entry.route ? ` on route ${entry.route}${entry.gatewayTarget ? ` via target ${entry.gatewayTarget}` : ""}` : ""}`);
      }),
    );
  models
    .command("register")
    .description("Register a model by hand (e.g. the incumbent prompt model of a use case).")
    .argument("<model-id>")
    .requiredOption("--target <model>", "the model as callers name it (hosted id or weights folder)")
    .requiredOption("--use-case <suite>", "evaluation suite it serves")
    .option("--base-model <model>", "its base model (default: the target)")
    .option("--active", "mark it the active model of the use case (the incumbent)")
    .option(...configOption)
    .action((id: string, flags: { target: string; useCase: string; baseModel?: string; active?: boolean; config: string }) =>
      withFinetuneStore(context, flags.config, async (registry) => {
        const createdAt = Date.now();
        await registry.registerModel({ id, target: flags.target, source: "external", useCase: flags.useCase, baseModel: flags.baseModel ?? flags.target, jobId: null, datasetHash: null, hyperparameters: {}, costUsd: null, evalRuns: [], createdAt });
        if (flags.active) {
          if ((await registry.listModels({ useCase: flags.useCase })).some((model) => model.status === "active" && model.id !== id)) {
            throw new TuneopsError({ code: "input_invalid", message: `${flags.useCase} already has an active model`, hint: "Promote through the gate instead: tuneops models promote." });
          }
          await registry.updateModel(id, { status: "active", updatedAt: createdAt });
        }
        context.terminal.out(`registered ${id} (${flags.target}) for ${flags.useCase}${flags.active ? " as its active model" : ""}`);
      }),
    );
  models
    .command("promote")
    .description("Promote a model after its evaluation gate: a paired comparison against the incumbent on the use case's suite.")
    .argument("<model-id>")
    .requiredOption("--run <run-id>", "evaluation run that measured the model (tuneops eval)")
    .option("--candidate <id>", "the model's candidate id in that run")
    .option("--incumbent <id>", "the incumbent's candidate id")
    .option("--incumbent-run <run-id>", "run that measured the incumbent (default: the same run)")
    .option("--metric <name>", "metric the gate compares (default pass_rate)")
    .option("--require <rule>", "better (significantly) or non-inferior (at worst --margin below)", "non-inferior")
    .option("--margin <x>", "non-inferiority margin on the metric's scale", "0.02")
    .option("--canary <percent>", "serve this share of the route's traffic first (default: all)")
    .option("--route <name>", "gateway route the model serves (a running gateway applies the share within promotions_refresh_ms)")
    .option("--gateway-target <name>", "gateway target serving the model (default: the route's first target, sending the model's id)")
    .option(...configOption)
    .option("--json", "print JSON")
    .action((id: string, flags: PromoteFlags) =>
      withFinetuneStore(context, flags.config, async (registry, _project, store) => {
        if (flags.require !== "better" && flags.require !== "non-inferior") throw new TuneopsError({ code: "input_invalid", message: `--require ${flags.require} is not a gate rule`, location: { field: "--require" }, hint: "Use better or non-inferior." });
        const margin = Number(flags.margin);
        if (!Number.isFinite(margin) || margin < 0) throw new TuneopsError({ code: "input_invalid", message: `--margin ${flags.margin} is not a non-negative number`, location: { field: "--margin" } });
        const canary = flags.canary === undefined ? undefined : Number(flags.canary);
        const servingBaseUrl = flags.route === undefined ? undefined : await servingEndpointOf(flags.config, flags.route, flags.gatewayTarget);
        const outcome = await promoteModel({
          store,
          registry,
          modelId: id,
          candidateRun: flags.run,
          ...(flags.candidate ? { candidate: flags.candidate } : {}),
          ...(flags.incumbent ? { incumbent: flags.incumbent } : {}),
          ...(flags.incumbentRun ? { incumbentRun: flags.incumbentRun } : {}),
          ...(flags.metric ? { metric: flags.metric } : {}),
          require: flags.require as GateRequirement,
          margin,
          ...(canary === undefined ? {} : { canaryPercent: canary }),
          ...(flags.route ? { route: flags.route } : {}),
          ...(flags.gatewayTarget ? { gatewayTarget: flags.gatewayTarget } : {}),
          ...(servingBaseUrl === undefined ? {} : { servingBaseUrl }),
          id: `promotion-${newRunId()}`,
          now: Date.now,
        });
        if (flags.json) context.terminal.out(JSON.stringify(outcome, null, 2));
        else {
          const { terminal } = context;
          terminal.out(`gate (${outcome.gate.require}, ${outcome.gate.metric}): ${outcome.gate.passed ? paint(terminal, "green", "passed") : paint(terminal, "red", "failed")}: ${outcome.gate.reason}`);
          terminal.out(outcome.gate.comparison.statement);
          if (outcome.promotion) terminal.out(forThisShell(context, `${id} is now ${outcome.promotion.status}${outcome.promotion.canaryPercent === null ? "" : ` at ${outcome.promotion.canaryPercent}%`}${outcome.promotion.route ? ` of route ${outcome.promotion.route}` : ""}${outcome.promotion.previousModelId ? ` (incumbent: ${outcome.promotion.previousModelId})` : ""}; undo with \`tuneops models rollback ${outcome.promotion.useCase}\``));
          else terminal.out("nothing changed");
          if (outcome.promotion?.route) terminal.out("a running gateway applies it within gateway.promotions_refresh_ms (at once on SIGHUP)");
        }
        if (!outcome.promotion) context.exitCode = exitCodes.gateFailed;
      }),
    );
  models
    .command("rollback")
    .description("Undo the latest promotion of a use case (withdraw the canary, or restore the previous active model).")
    .argument("<use-case>")
    .option(...configOption)
    .option("--json", "print JSON")
    .action((useCase: string, flags: { config: string; json?: boolean }) =>
      withFinetuneStore(context, flags.config, async (registry) => {
        const record = await rollbackUseCase({ registry, useCase, id: `rollback-${newRunId()}`, now: Date.now });
        if (flags.json) context.terminal.out(JSON.stringify(record, null, 2));
        else context.terminal.out(`rolled back ${record.previousModelId} in ${useCase}${record.modelId !== record.previousModelId ? `; active: ${record.modelId}` : "; no model to restore: the use case has no active model"}`);
      }),
    );
}

/**
 * Checks that `--route` (and `--gateway-target`) exist in the project's gateway configuration, and
 * returns the base URL of the target that will serve the model (the named target, else the route's first).
 */
async function servingEndpointOf(configPath: string, route: string, gatewayTarget: string | undefined): Promise<string> {
  const file = resolve(configPath);
  const gateway = existsSync(file) ? (await loadProject(file)).config.gateway : undefined;
  const routes = Object.keys(gateway?.routes ?? {});
  const routeConfig = gateway?.routes[route];
  if (!gateway || !routeConfig) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `--route ${route}: no such route in gateway.routes of ${configPath}`,
      location: { field: "--route" },
      hint: routes.length > 0 ? `Routes: ${routes.join(", ")}.` : "Add the route under gateway.routes first, so the running gateway has a route to give the model.",
    });
  }
  const first = routeConfig.targets[0];
  const targetName = gatewayTarget ?? (typeof first === "string" ? first : first?.target);
  const target = targetName === undefined ? undefined : gateway.targets[targetName];
  if (!target) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `--gateway-target ${targetName ?? ""}: no such target in gateway.targets of ${configPath}`,
      location: { field: "--gateway-target" },
      hint: `Targets: ${Object.keys(gateway.targets).join(", ") || "none"}.`,
    });
  }
  return target.base_url;
}

function modelJson(model: RegisteredModel): Record<string, unknown> {
  return {
    id: model.id,
    status: model.status,
    target: model.target,
    source: model.source,
    use_case: model.useCase,
    base_model: model.baseModel,
    job_id: model.jobId,
    dataset_sha256: model.datasetHash,
    hyperparameters: model.hyperparameters,
    cost_usd: model.costUsd,
    eval_runs: model.evalRuns,
    created_at: new Date(model.createdAt).toISOString(),
    updated_at: new Date(model.updatedAt).toISOString(),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n");
}

