import vm from "node:vm";
import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { scorerBase, scorerConfigError, scorerFailure, type ScorerFactoryOptions } from "../scorer-options.js";

/** Longest one case's expression may run, ms: guards a run against an endless loop or a runaway regex. */
export const javascriptTimeoutMs = 100;

/**
 * Freezes the context's own built-ins and their prototypes once, so one case cannot change what the
 * next one sees (e.g. by patching `String.prototype`). The global object itself cannot be frozen in a
 * node:vm context (hence the skip), so a global an expression deliberately assigns would persist.
 */
const freezeIntrinsics = `"use strict";
for (const name of Object.getOwnPropertyNames(globalThis)) {
  const value = globalThis[name];
  if (value === globalThis) continue;
  if ((typeof value === "object" && value !== null) || typeof value === "function") {
    Object.freeze(value);
    if (value.prototype) Object.freeze(value.prototype);
  }
}`;

/**
 * `javascript`: a JS expression over `output` (string), `expected` and `vars` (the case's fields).
 * true/false score 1/0; a finite number is the score; anything else, a throw or a timeout is the
 * scorer's failure on that case.
 *
 * The expression is compiled once, at creation, and run in its own node:vm context holding only the
 * JavaScript built-ins (no `require`, `process` or timers). `expected` and `vars` are copied into that
 * context as JSON, so the expression cannot change the case or reach objects of the host. node:vm is
 * not a security boundary: the expression is the project owner's own code.
 */
export function createJavascriptScorer(config: ScorerConfigOf<"javascript">, options: ScorerFactoryOptions): ScorerV1 {
  const source = `(function () {
  "use strict";
  const __case = JSON.parse(__tuneopsCase);
  return (function (output, expected, vars) {
    "use strict";
    return (
${config.expression}
    );
  })(__tuneopsOutput, __case.expected, __case.vars);
})()`;
  let script: vm.Script;
  try {
    script = new vm.Script(source, { filename: `scorer-${options.name}.js` });
  } catch (error) {
    throw scorerConfigError(options, {
      field: "expression",
      message: `the expression does not compile: ${error instanceof Error ? error.message : String(error)}`,
      hint: "Write one JavaScript expression, e.g. `output.length < 200 && output.includes(expected)`.",
      cause: error,
    });
  }
  const context = vm.createContext(Object.create(null) as object, { name: `tuneops scorer ${options.name}`, codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(freezeIntrinsics, context);
  const slots = context as Record<string, unknown>;

  return {
    ...scorerBase(config, options),
    score(input): ScoreOutcome {
      slots["__tuneopsOutput"] = input.output;
      slots["__tuneopsCase"] = JSON.stringify({ expected: input.expected ?? null, vars: input.vars });
      let result: unknown;
      try {
        result = script.runInContext(context, { timeout: javascriptTimeoutMs });
      } catch (error) {
        // Checked by code, not instanceof: errors may come from another realm.
        if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
          throw scorerFailure(options.name, `the expression ran longer than ${javascriptTimeoutMs} ms on case ${input.caseId}`, error);
        }
        const message = typeof error === "object" && error !== null && "message" in error ? String((error as { message: unknown }).message) : String(error);
        throw scorerFailure(options.name, `the expression threw on case ${input.caseId}: ${message}`, error);
      }
      if (result === true) return { score: 1 };
      if (result === false) return { score: 0, reason: "the expression returned false" };
      if (typeof result === "number" && Number.isFinite(result)) return { score: result };
      const described = typeof result === "number" ? String(result) : result === null ? "null" : typeof result;
      throw scorerFailure(options.name, `the expression returned ${described} on case ${input.caseId}; it must return true/false or a finite number`);
    },
  };
}
