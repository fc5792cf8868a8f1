import { readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { parseDocument } from "yaml";
import { environmentHas } from "../../config/env.js";
import { loadProject } from "../../config/load-project.js";
import { runEvaluation, type EvaluationOutcome } from "../../eval/run-evaluation.js";
import { exitCodes } from "../../spec/errors.js";
import type { CliContext } from "../context.js";
import { tuneopsIn } from "../invocation.js";
import { createResources, loadPrices, openProjectStore } from "../compose.js";
import { withInterrupt } from "../interrupt.js";
import { createProgressRenderer } from "../progress.js";
import { printOutcome, writeReports } from "../report-output.js";
import { paint } from "../terminal.js";
import { exists, scaffoldExample } from "./init-command.js";
import { cachePolicyOf } from "../cache-policy-flags.js";

/** Names in examples/quickstart/tuneops.yaml that detected models plug into. */
const example = { routingSuite: "routing", faqSuite: "faq", routingPrompt: "route", faqPrompt: "faq-rag", retriever: "kb" } as const;

interface Detected {
  provider: string;
  config: Record<string, unknown>;
}

interface Detection {
  detected: Detected[];
  skipped: { candidate: string; reason: string }[];
}

export function registerQuickstartCommand(program: Command, context: CliContext): void {
  program
    .command("quickstart")
    .description("Create ./tuneops-quickstart (a customer-support use case), evaluate it with every model available here, and write the HTML reports.")
    .option("--dir <dir>", "where to create the example", "tuneops-quickstart")
    .option("--no-detect", "do not look for API keys, Ollama or a GGUF model; run the offline candidates only")
    .action(async (flags: { dir: string; detect: boolean }) => {
      const target = resolve(flags.dir);
      const { terminal } = context;
      const configPath = join(target, "tuneops.yaml");
      const fresh = !(await exists(configPath));
      if (fresh) await scaffoldExample(target, { force: false, retry: `tuneops init ${flags.dir} --force` });
      terminal.err(`${fresh ? "created" : "using the existing"} example project in ${relative(process.cwd(), target) || "."}`);

      const detection = flags.detect ? await detectModels(context) : { detected: [], skipped: [{ candidate: "hosted and local models", reason: "--no-detect" }] };
      if (fresh) await addDetectedModels(configPath, detection.detected);
      for (const found of detection.detected) terminal.err(`found ${found.provider}: adding it to both suites`);
      for (const skip of detection.skipped) terminal.err(paint(terminal, "dim", `skipped ${skip.candidate}: ${skip.reason}`));

      const loaded = await loadProject(configPath);
      const store = await openProjectStore(context.environment, target);
      const outcomes: EvaluationOutcome[] = [];
      try {
        const prices = loadPrices(loaded.config, target);
        for (const suite of Object.keys(loaded.config.evals)) {
          const resources = createResources({ config: loaded.config, projectDir: target, prices });
          const outcome = await withInterrupt(context, (signal) =>
            runEvaluation({ store, resources, config: loaded.config, projectDir: target, suite, cache: cachePolicyOf(loaded.config, { cache: true }), skipped: detection.skipped, events: createProgressRenderer(terminal), signal }),
          );
          const html = join(target, "reports", `${suite}.html`);
          await writeReports(outcome, { html });
          printOutcome(context, outcome, html);
          outcomes.push(outcome);
          if (outcome.run.status === "interrupted") {
            context.exitCode = 130;
            return;
          }
        }
      } finally {
        await store.close();
      }
      const folder = relative(process.cwd(), target) || ".";
      // Each command as it works where it is typed: in the project folder, or here for a new quickstart.
      const there = tuneopsIn(context, target);
      const here = tuneopsIn(context);
      terminal.out(
        [
          "",
          paint(terminal, "bold", "next:"),
          `  open ${folder}/reports/*.html                    # the reports, with charts`,
          `  cd ${folder} && ${there} runs list           # runs are stored in .tuneops/tuneops.db`,
          `  ${there} runs show ${outcomes[0]?.run.id ?? "RUN_ID"}`,
          `  export OPENAI_API_KEY=... (or start Ollama, or set TUNEOPS_GGUF=model.gguf), then rerun ${here} quickstart --dir another-folder`,
          `  edit tuneops.yaml (add your own data and prompts) and run  ${there} eval`,
        ].join("\n"),
      );
      if (outcomes.some((outcome) => outcome.summary.gates.some((gate) => !gate.passed))) context.exitCode = exitCodes.gateFailed;
    });
}

/** Routing labels and FAQ answers are short: a bound keeps a slow local model from running long. */
const answerParams = { temperature: 0, max_tokens: 256 };

async function detectModels(context: CliContext): Promise<Detection> {
  const detected: Detected[] = [];
  const skipped: Detection["skipped"] = [];
  if (environmentHas("OPENAI_API_KEY")) detected.push({ provider: "openai", config: { type: "openai-compatible", model: "gpt-4o-mini", api_key_env: "OPENAI_API_KEY", concurrency: 8, params: answerParams } });
  else skipped.push({ candidate: "openai (gpt-4o-mini)", reason: "OPENAI_API_KEY is not set" });
  if (environmentHas("ANTHROPIC_API_KEY")) detected.push({ provider: "anthropic", config: { type: "anthropic", model: "claude-3-5-haiku-latest", api_key_env: "ANTHROPIC_API_KEY", concurrency: 4, params: answerParams } });
  else skipped.push({ candidate: "anthropic (claude haiku)", reason: "ANTHROPIC_API_KEY is not set" });
  const ollama = await findOllamaModel();
  if (typeof ollama === "string") detected.push({ provider: "ollama", config: { type: "openai-compatible", model: ollama, base_url: "http://127.0.0.1:11434/v1", concurrency: 2, params: answerParams } });
  else skipped.push({ candidate: "ollama", reason: ollama.reason });
  const gguf = context.environment.TUNEOPS_GGUF;
  if (gguf) detected.push({ provider: "local-gguf", config: { type: "llama-cpp", model_path: resolve(gguf), params: answerParams } });
  else skipped.push({ candidate: "local GGUF model", reason: "TUNEOPS_GGUF is not set (a path to a .gguf file)" });
  return { detected, skipped };
}

async function findOllamaModel(): Promise<string | { reason: string }> {
  try {
    const response = await fetch("http://127.0.0.1:11434/api/tags", { signal: AbortSignal.timeout(1500) });
    if (!response.ok) return { reason: `Ollama at 127.0.0.1:11434 answered ${response.status}` };
    const body = (await response.json()) as { models?: { name?: string }[] };
    const name = body.models?.find((model) => typeof model.name === "string")?.name;
    return name ?? { reason: "Ollama answers at 127.0.0.1:11434 but has no model pulled (try `ollama pull llama3.2`)" };
  } catch {
    return { reason: "no Ollama answering at 127.0.0.1:11434" };
  }
}

/** Adds each detected model as a provider and a candidate of both suites, keeping the file's comments. */
async function addDetectedModels(configPath: string, detected: Detected[]): Promise<void> {
  if (detected.length === 0) return;
  const document = parseDocument(await readFile(configPath, "utf8"));
  for (const found of detected) {
    document.setIn(["providers", found.provider], document.createNode(found.config));
    addCandidate(document, example.routingSuite, { provider: found.provider, prompt: example.routingPrompt });
    addCandidate(document, example.faqSuite, { provider: found.provider, prompt: example.faqPrompt, retriever: example.retriever });
  }
  await writeFile(configPath, document.toString());
}

function addCandidate(document: ReturnType<typeof parseDocument>, suite: string, candidate: Record<string, string>): void {
  const path = ["evals", suite, "candidates"];
  if (!document.hasIn(path)) return;
  document.addIn(path, document.createNode(candidate));
}
