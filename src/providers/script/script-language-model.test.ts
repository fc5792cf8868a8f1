import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTuneopsError, TuneopsError } from "../../spec/errors.js";
import type { GenerateRequest } from "../../spec/language-model.js";
import { describeLanguageModelConformance } from "../provider.conformance.js";
import { createScriptModel } from "./script-language-model.js";

let directory = "";

const modules: Record<string, string> = {
  "answer.mjs": `
export default function answer(input) {
  return "Answer to " + input.vars.question + " for " + input.caseId;
}
export async function withUsage(input) {
  return { output: input.prompt.toUpperCase(), usage: { inputTokens: 12, outputTokens: 3 } };
}
export function chat(input) {
  return input.messages.map((message) => message.role).join(",") + "|" + input.prompt;
}
export function fails() {
  throw new Error("rules table missing");
}
export function badOutput() {
  return { text: "wrong key" };
}
export function never(input) {
  return new Promise(() => {});
}
export const notAFunction = 42;
`,
  "broken.mjs": "export default function (input) { return ; ) }",
  "legacy.cjs": "module.exports = { classify: (input) => input.vars.label ?? 'other' };",
  "notes.txt": "not code",
};

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
}

function caseRequest(vars: Record<string, unknown> = { question: "PIN reset" }): GenerateRequest {
  return { prompt: { kind: "text", text: "How do I reset my PIN?" }, case: { id: "faq-1", vars } };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tuneops-script-"));
  for (const [name, source] of Object.entries(modules)) await writeFile(join(directory, name), source);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describeLanguageModelConformance({
  name: "script",
  create: async () => createScriptModel({ path: "answer.mjs", exportName: "default", baseDir: directory }),
  request: () => caseRequest(),
  deterministic: true,
});

describe("createScriptModel", () => {
  it("calls the default export with the prompt, vars and case id", async () => {
    const model = createScriptModel({ path: join(directory, "answer.mjs"), exportName: "default" });
    const result = await model.generate(caseRequest());
    expect(result.text).toBe("Answer to PIN reset for faq-1");
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, breakdown: {} });
    expect(model.modelId).toBe("script:answer.mjs#default");
  });

  it("takes output and usage from an object result of an async function", async () => {
    const model = createScriptModel({ path: "answer.mjs", exportName: "withUsage", baseDir: directory });
    const result = await model.generate(caseRequest());
    expect(result.text).toBe("HOW DO I RESET MY PIN?");
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 3, breakdown: {} });
  });

  it("passes chat messages and their joined text", async () => {
    const model = createScriptModel({ path: "answer.mjs", exportName: "chat", baseDir: directory });
    const result = await model.generate({
      prompt: { kind: "chat", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }] },
    });
    expect(result.text).toBe("system,user|Be brief.\n\nHi");
  });

  it("loads CommonJS modules", async () => {
    const model = createScriptModel({ path: "legacy.cjs", exportName: "classify", baseDir: directory });
    expect((await model.generate(caseRequest({ label: "card_arrival" }))).text).toBe("card_arrival");
  });

  it("loads lazily: a bad path fails on prepare, not on creation", async () => {
    const model = createScriptModel({ path: "missing.mjs", exportName: "default", baseDir: directory });
    const error = await rejectionOf(model.prepare?.({ trainingRows: [], inputField: "input", expectedField: "expected", workDir: directory }) ?? Promise.resolve());
    expect(isTuneopsError(error) && error.code).toBe("input_invalid");
    expect(error instanceof Error && error.message).toContain("missing.mjs");
  });

  it.each([
    ["answer.mjs", "nope", /no export "nope".*/, "Exports found"],
    ["answer.mjs", "notAFunction", /Export "notAFunction" .* is a number, not a function/, "Export a function"],
    ["broken.mjs", "default", /broken\.mjs failed to load/, undefined],
    ["notes.txt", "default", /extension "\.txt"/, undefined],
  ])("rejects %s#%s with a clear input_invalid error", async (file, exportName, message, hint) => {
    const model = createScriptModel({ path: file, exportName, baseDir: directory });
    const error = await rejectionOf(model.generate(caseRequest()));
    expect(isTuneopsError(error)).toBe(true);
    if (!isTuneopsError(error)) return;
    expect(error.code).toBe("input_invalid");
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(message);
    expect(error.location?.file).toBe(join(directory, file));
    if (hint) expect(error.hint).toContain(hint);
  });

  it("turns a throw in the user's function into a non-retryable provider_bad_response naming the script", async () => {
    const model = createScriptModel({ path: "answer.mjs", exportName: "fails", baseDir: directory });
    const error = await rejectionOf(model.generate(caseRequest()));
    expect(isTuneopsError(error)).toBe(true);
    if (!isTuneopsError(error)) return;
    expect(error.code).toBe("provider_bad_response");
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain("answer.mjs");
    expect(error.message).toContain('"fails"');
    expect(error.message).toContain("rules table missing");
  });

  it("passes a TuneopsError thrown by the user's function through unchanged", async () => {
    const thrown = new TuneopsError({ code: "provider_rate_limited", message: "slow down", isRetryable: true });
    const model = createScriptModel({
      path: "inline.mjs",
      exportName: "default",
      baseDir: directory,
      importModule: async () => ({
        default: () => {
          throw thrown;
        },
      }),
    });
    await writeFile(join(directory, "inline.mjs"), "");
    expect(await rejectionOf(model.generate(caseRequest()))).toBe(thrown);
  });

  it("rejects a result that is neither a string nor { output }", async () => {
    const model = createScriptModel({ path: "answer.mjs", exportName: "badOutput", baseDir: directory });
    const error = await rejectionOf(model.generate(caseRequest()));
    expect(isTuneopsError(error) && error.code).toBe("provider_bad_response");
    expect(error instanceof Error && error.message).toContain("keys text");
  });

  it("ends a call whose function never settles when the signal aborts", async () => {
    const model = createScriptModel({ path: "answer.mjs", exportName: "never", baseDir: directory });
    const controller = new AbortController();
    const pending = rejectionOf(model.generate({ ...caseRequest(), abortSignal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    const error = await pending;
    expect(isTuneopsError(error) && error.code).toBe("aborted");
  });

  it("explains how to run a TypeScript module when Node cannot load it", async () => {
    await writeFile(join(directory, "answer.ts"), "export default (input: { prompt: string }): string => input.prompt;");
    const unknownExtension = Object.assign(new TypeError('Unknown file extension ".ts"'), { code: "ERR_UNKNOWN_FILE_EXTENSION" });
    const model = createScriptModel({
      path: "answer.ts",
      exportName: "default",
      baseDir: directory,
      importModule: async () => {
        throw unknownExtension;
      },
    });
    const error = await rejectionOf(model.generate(caseRequest()));
    expect(isTuneopsError(error)).toBe(true);
    if (!isTuneopsError(error)) return;
    expect(error.code).toBe("input_invalid");
    expect(error.message).toContain("TypeScript");
    expect(error.hint).toContain(".mjs");
  });
});
