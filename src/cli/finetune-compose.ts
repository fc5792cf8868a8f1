import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { readSecret } from "../config/env.js";
import { defaultFineTuneBackends, type FineTuneBackendConfig, type FinetuneConfig } from "../config/finetune-schema.js";
import { loadProject } from "../config/load-project.js";
import { defaultTrainerCommand } from "../finetune/backends/local/bundled-trainer.js";
import { createLocalTrainerBackend } from "../finetune/backends/local/local-trainer-backend.js";
import { createOpenaiFineTuneBackend } from "../finetune/backends/openai/openai-finetune-backend.js";
import { createTogetherFineTuneBackend } from "../finetune/backends/together/together-finetune-backend.js";
import { TuneopsError } from "../spec/errors.js";
import type { FineTuneBackendV1 } from "../spec/finetune-backend.js";

export interface FinetuneProject {
  project: string;
  /** Folder of the project file (the store and relative paths live there). */
  dir: string;
  finetune: FinetuneConfig;
}

/** The project's fine-tuning settings; without a project file, the defaults (backends openai, together, local). */
export async function loadFinetuneProject(configPath: string): Promise<FinetuneProject> {
  const absolute = resolve(configPath);
  if (!existsSync(absolute)) return { project: basename(dirname(absolute)), dir: dirname(absolute), finetune: { backends: {}, poll_interval_ms: 10_000 } };
  const loaded = await loadProject(absolute);
  return { project: loaded.config.project, dir: loaded.dir, finetune: loaded.config.finetune };
}

export interface ResolvedBackend {
  backend: FineTuneBackendV1;
  config: FineTuneBackendConfig;
}

const defaultKeyEnv = { openai: "OPENAI_API_KEY", together: "TOGETHER_API_KEY" } as const;

/** Builds a configured backend by name (configured names win over the built-in `openai`, `together`, `local`). */
export function fineTuneBackendFor(project: FinetuneProject, name: string): ResolvedBackend {
  const config = project.finetune.backends[name] ?? defaultFineTuneBackends[name];
  if (config === undefined) {
    const names = [...new Set([...Object.keys(project.finetune.backends), ...Object.keys(defaultFineTuneBackends)])];
    throw new TuneopsError({ code: "config_invalid", message: `unknown fine-tuning backend "${name}"`, location: { field: `finetune.backends.${name}` }, hint: `Backends: ${names.join(", ")}.` });
  }
  if (config.type === "local") {
    const backend = createLocalTrainerBackend({
      command: config.command ?? defaultTrainerCommand(),
      outputDir: resolve(project.dir, config.output_dir ?? ".tuneops/finetune"),
      cwd: project.dir,
      ...(config.env ? { env: config.env } : {}),
    });
    return { backend, config };
  }
  const apiKeyEnv = config.api_key_env ?? defaultKeyEnv[config.type];
  const apiKey = readSecret(apiKeyEnv);
  if (apiKey === undefined) {
    throw new TuneopsError({ code: "config_invalid", message: `the ${name} fine-tuning backend needs an API key in ${apiKeyEnv}`, location: { field: `finetune.backends.${name}.api_key_env` }, hint: `Set ${apiKeyEnv}, or name another variable with api_key_env.` });
  }
  const common = { apiKey, apiKeyEnv, ...(config.base_url ? { baseUrl: config.base_url } : {}) };
  return { backend: config.type === "openai" ? createOpenaiFineTuneBackend(common) : createTogetherFineTuneBackend(common), config };
}
