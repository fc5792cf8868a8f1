export { createScriptModel, type ScriptModelOptions } from "./script-language-model.js";
export { loadScriptFunction, resolveScriptPath, type LoadScriptFunctionOptions, type ModuleImporter } from "./load-script-function.js";
export type { ScriptFunction, ScriptInput, ScriptOutput, ScriptUsage } from "./script-function.js";
