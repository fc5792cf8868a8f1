import type { Command } from "commander";
import type { CliContext } from "./context.js";

export type Register = (program: Command, context: CliContext) => void;

/**
 * Every top-level command, in the order `--help` lists them, with a loader of its module. A command's
 * module pulls in its engines and adapters (the gateway, the store, the tokenizer...), so the entry
 * point loads only the command it runs: start-up time and the resident memory of long-running commands
 * (the gateway) do not pay for the rest of the CLI.
 */
export const commandLoaders: readonly (readonly [name: string, load: () => Promise<Register>])[] = [
  ["init", async () => (await import("./commands/init-command.js")).registerInitCommand],
  ["quickstart", async () => (await import("./commands/quickstart-command.js")).registerQuickstartCommand],
  ["eval", async () => (await import("./commands/eval-command.js")).registerEvalCommand],
  ["runs", async () => (await import("./commands/runs-command.js")).registerRunsCommand],
  ["cache", async () => (await import("./commands/cache-command.js")).registerCacheCommand],
  ["score", async () => (await import("./commands/score-command.js")).registerScoreCommand],
  ["schema", async () => (await import("./commands/schema-command.js")).registerSchemaCommand],
  ["decide", async () => (await import("./commands/decide-command.js")).registerDecideCommand],
  ["finetune", async () => (await import("./commands/finetune-command.js")).registerFinetuneCommand],
  ["arena", async () => (await import("./commands/arena-command.js")).registerArenaCommand],
  ["serve", async () => (await import("./commands/serve-command.js")).registerServeCommand],
  ["models", async () => (await import("./commands/models-command.js")).registerModelsCommand],
  ["gateway", async () => (await import("./commands/gateway-command.js")).registerGatewayCommand],
  ["logs", async () => (await import("./commands/logs-command.js")).registerLogsCommand],
  ["dataset", async () => (await import("./commands/dataset-command.js")).registerDatasetCommand],
];

/**
 * The loaders a command line needs: the named command's alone (`tuneops eval ...`, `tuneops help eval`),
 * or all of them when no known command is named (`tuneops --help`, a typo that deserves suggestions).
 */
export function loadersFor(argv: readonly string[]): readonly (readonly [string, () => Promise<Register>])[] {
  const words = argv.slice(2).filter((word) => !word.startsWith("-"));
  const named = words[0] === "help" ? words[1] : words[0];
  const match = commandLoaders.find(([name]) => name === named);
  return match ? [match] : commandLoaders;
}
