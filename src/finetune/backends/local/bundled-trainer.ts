import { fileURLToPath } from "node:url";

/**
 * trainers/train_lora.py as installed with tuneops (the package ships `trainers/`): this file sits at
 * `src/finetune/backends/local/` in the sources and `dist/finetune/backends/local/` when built, four
 * folders below the package root either way. Never the user's project folder, which has no trainer.
 */
export const bundledTrainerPath = fileURLToPath(new URL("../../../../trainers/train_lora.py", import.meta.url));

/** The local backend's default command: the bundled trainer with the `python3` on the PATH. */
export function defaultTrainerCommand(): string[] {
  return ["python3", bundledTrainerPath];
}
