import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { TuneopsError } from "../../../spec/errors.js";

// Hugging Face Hub ids: `name` or `owner/name`, letters, digits, `-`, `_` and `.`.
const hubId = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/**
 * Where the local trainer loads the base model from: a folder (absolute, `./`, `../` or `~/`, or one that
 * exists relative to the project folder `baseDir`), returned as an absolute path, or a Hugging Face Hub
 * id, returned as given. A path that does not exist, or a folder without `config.json`, is refused here,
 * before a job is recorded, instead of minutes later in the trainer's log.
 */
export function resolveBaseModel(baseModel: string, baseDir: string): string {
  const pathLike = isAbsolute(baseModel) || /^\.{1,2}([/\\]|$)/.test(baseModel) || baseModel.startsWith("~/");
  const path = baseModel.startsWith("~/") ? join(homedir(), baseModel.slice(2)) : resolve(baseDir, baseModel);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory() || !existsSync(join(path, "config.json"))) {
      throw new TuneopsError({
        code: "input_invalid",
        message: `base model ${path} is not a model folder (no config.json in it)`,
        location: { field: "--model" },
        hint: "Give the folder that holds the model's config.json and weights (a Hugging Face snapshot), or a Hub id such as Qwen/Qwen2.5-0.5B-Instruct.",
      });
    }
    return path;
  }
  const firstSegment = baseModel.split(/[/\\]/)[0] ?? "";
  if (pathLike || (baseModel.includes("/") && firstSegment !== "" && existsSync(resolve(baseDir, firstSegment))) || !hubId.test(baseModel)) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `base model ${path} does not exist`,
      location: { field: "--model" },
      hint: `Relative paths resolve against the project folder (${baseDir}). Give an existing model folder, or a Hugging Face Hub id such as Qwen/Qwen2.5-0.5B-Instruct (downloaded by the trainer).`,
    });
  }
  return baseModel;
}
