import { describe, expect, it } from "vitest";
import { environmentSchema } from "../../src/config/env.js";
import { allRegisters, createProgram } from "../../src/cli/create-program.js";
import { createTerminal } from "../../src/cli/terminal.js";
import { shellWords, validateAgainstCli } from "./doc-runner.js";

describe("validateAgainstCli (the check of commands a page does not run)", () => {
  it("accepts real commands and options, and names an unknown command, subcommand or option", async () => {
    const program = createProgram({ terminal: createTerminal({ ci: true, noColor: true }), environment: environmentSchema.parse({}), exitCode: 0 }, await allRegisters());
    expect(validateAgainstCli(program, shellWords("tuneops finetune start --backend openai --model m --train t.jsonl --follow"))).toBeUndefined();
    expect(validateAgainstCli(program, shellWords("tuneops eval --no-cache -c x.yaml routing"))).toBeUndefined();
    expect(validateAgainstCli(program, shellWords("tuneops finetune start --backend openai --modle m"))).toBe('"tuneops finetune start" has no option --modle');
    expect(validateAgainstCli(program, shellWords("tuneops finetune begin"))).toBe('"tuneops finetune" has no subcommand "begin"');
    expect(validateAgainstCli(program, shellWords("tuneops evaluate"))).toBe('unknown command "evaluate"');
    expect(validateAgainstCli(program, shellWords("tuneops models"))).toBe('"tuneops models" needs a subcommand');
  });

  it("splits words as a shell does for simple lines", () => {
    expect(shellWords(`tuneops score bleu --output "a b" --expected 'c d'`)).toEqual(["tuneops", "score", "bleu", "--output", "a b", "--expected", "c d"]);
  });
});
