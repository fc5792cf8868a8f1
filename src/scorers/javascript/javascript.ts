import vm from "node:vm";
import type { ScoreOutcome, ScorerV1 } from "../../spec/scorer.js";
import type { ScorerConfigOf } from "../scorer-config.js";
import { ExpressionSandbox } from "./expression-sandbox.js";
import { scorerBase, scorerConfigError, scorerFailure, type ScorerFactoryOptions } from "../scorer-options.js";

/** Longest one case's expression may run, ms, promise jobs it starts included. */
export const javascriptTimeoutMs = 100;
/** How long after that limit the host stops waiting and terminates the expression's thread, ms. */
export const javascriptGraceMs = 250;

/**
 * `javascript`: a JS expression over `output` (string), `expected` and `vars` (the case's fields).
 * true/false score 1/0; a finite number is the score; anything else, a throw or a timeout is the
 * scorer's failure on that case.
 *
 * The expression is compiled at creation (a syntax error is a config error) and run on a worker thread
 * (`ExpressionSandbox`) in a node:vm context holding only the JavaScript built-ins (no `require`,
 * `process` or timers). `expected` and `vars` are copied into that context as JSON, so the expression
 * cannot change the case or reach objects of the host. Each case may run `javascriptTimeoutMs`; what
 * node:vm's timeout cannot end is ended by terminating the thread `javascriptGraceMs` later, so no
 * expression can hang a run or outlive it. node:vm is not a security boundary: the expression is the
 * project owner's own code.
 */
export function createJavascriptScorer(config: ScorerConfigOf<"javascript">, options: ScorerFactoryOptions): ScorerV1 {
  try {
    // Compiled here only to report a syntax error at creation; the thread compiles its own copy.
    new vm.Script(`(function (output, expected, vars) { "use strict"; return (\n${config.expression}\n); })`, { filename: `scorer-${options.name}.js` });
  } catch (error) {
    throw scorerConfigError(options, {
      field: "expression",
      message: `the expression does not compile: ${error instanceof Error ? error.message : String(error)}`,
      hint: "Write one JavaScript expression, e.g. `output.length < 200 && output.includes(expected)`.",
      cause: error,
    });
  }
  const sandbox = new ExpressionSandbox({ expression: config.expression, filename: `scorer-${options.name}.js`, timeoutMs: javascriptTimeoutMs, graceMs: javascriptGraceMs });

  return {
    ...scorerBase(config, options),
    async score(input): Promise<ScoreOutcome> {
      const answer = await sandbox.evaluate(input.output, JSON.stringify({ expected: input.expected ?? null, vars: input.vars }));
      switch (answer.kind) {
        case "timeout":
          throw scorerFailure(options.name, `the expression ran longer than ${javascriptTimeoutMs} ms on case ${input.caseId} and was stopped`);
        case "threw":
          throw scorerFailure(options.name, `the expression threw on case ${input.caseId}: ${answer.message}`);
        case "stopped":
          throw scorerFailure(options.name, `the expression was stopped on case ${input.caseId}: ${answer.reason}`);
        case "other":
          throw scorerFailure(options.name, `the expression returned ${answer.type} on case ${input.caseId}; it must return true/false or a finite number`);
        case "value": {
          const result = answer.value;
          if (result === true) return { score: 1 };
          if (result === false) return { score: 0, reason: "the expression returned false" };
          if (Number.isFinite(result)) return { score: result };
          throw scorerFailure(options.name, `the expression returned ${String(result)} on case ${input.caseId}; it must return true/false or a finite number`);
        }
      }
    },
  };
}
