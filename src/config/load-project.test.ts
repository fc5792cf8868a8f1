import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { loadProject } from "./load-project.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tuneops-config-"));
  await mkdir(join(dir, "data"));
  await writeFile(join(dir, "data", "qa.jsonl"), '{"input":"a","expected":"b"}\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const valid = `project: demo
datasets:
  qa:
    path: data/qa.jsonl
prompts:
  short: "Answer: {{ input }}"
providers:
  gpt:
    type: openai-compatible
    model: gpt-4o-mini
    api_key_env: OPENAI_API_KEY
  echo:
    type: simulated
evals:
  smoke:
    dataset: qa
    candidates:
      - provider: gpt
        prompt: short
      - provider: echo
        prompt: "Q: {{ input }}"
    scorers:
      - type: equals
    gates:
      - metric: pass_rate
        min: 0.5
`;

async function write(text: string): Promise<string> {
  const file = join(dir, "tuneops.yaml");
  await writeFile(file, text);
  return file;
}

/** Loads a project that must fail; returns its problems as formatted lines. */
async function problemsOf(text: string): Promise<{ error: ConfigError; lines: string[] }> {
  const file = await write(text);
  const error = await loadProject(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const configError = error as ConfigError;
  expect(configError.code).toBe("config_invalid");
  return { error: configError, lines: configError.problems.map((problem) => `${problem.line}:${problem.column} ${problem.field}: ${problem.message}`) };
}

describe("loadProject", () => {
  it("loads a valid project with defaults applied", async () => {
    const file = await write(valid);
    const project = await loadProject(file);
    expect(project.path).toBe(file);
    expect(project.dir).toBe(dir);
    expect(project.config.project).toBe("demo");
    expect(project.config.defaults.concurrency).toBe(8);
    expect(project.config.providers.gpt).toMatchObject({ type: "openai-compatible", base_url: "https://api.openai.com/v1" });
  });

  it("accepts a folder and reads its tuneops.yaml", async () => {
    await write(valid);
    expect((await loadProject(dir)).config.project).toBe("demo");
  });

  it("reports a wrong type with file, line, column and field", async () => {
    const { error, lines } = await problemsOf(valid.replace("model: gpt-4o-mini", "model: 42"));
    expect(lines).toEqual(["10:12 providers.gpt.model: expected a string, got a number"]);
    expect(error.message).toContain("tuneops.yaml:10:12 providers.gpt.model: expected a string, got a number");
    expect(error.location).toMatchObject({ line: 10, column: 12, field: "providers.gpt.model" });
  });

  it("names the allowed keys for an unknown key and suggests the closest", async () => {
    const { lines } = await problemsOf(valid.replace("    api_key_env: OPENAI_API_KEY", "    api_key: OPENAI_API_KEY"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^11:5 providers\.gpt\.api_key: unknown key "api_key" \(did you mean "api_key_env"\?\); allowed keys: type, model, base_url/);
  });

  it("suggests the right top-level section", async () => {
    const { lines } = await problemsOf(valid.replace("evals:", "eval:"));
    expect(lines).toEqual([expect.stringMatching(/^14:1 eval: unknown key "eval" \(did you mean "evals"\?\)/)]);
  });

  it("lists the valid provider types for an unknown type", async () => {
    const { lines } = await problemsOf(valid.replace("type: simulated", "type: simulate"));
    expect(lines).toEqual([
      '13:11 providers.echo.type: unknown type "simulate"; expected one of "openai-compatible", "anthropic", "llama-cpp", "baseline", "replay", "script" or "simulated" (did you mean "simulated"?)',
    ]);
  });

  it("points a missing required field at its parent", async () => {
    const { lines } = await problemsOf(valid.replace("    model: gpt-4o-mini\n", ""));
    expect(lines).toEqual(['8:3 providers.gpt.model: missing required field "model" (a string)']);
  });

  it("reports a dangling dataset reference with the defined names", async () => {
    const { lines } = await problemsOf(valid.replace("dataset: qa", "dataset: qaa"));
    expect(lines).toEqual(['16:14 evals.smoke.dataset: unknown dataset "qaa" (did you mean "qa"?); defined datasets: "qa"']);
  });

  it("reports YAML syntax errors with line and column", async () => {
    const { lines } = await problemsOf("project: demo\nproviders:\n  gpt:\n    type: simulated\n   model: x\n");
    expect(lines[0]).toMatch(/^5:\d+ : YAML syntax error: /);
  });

  it("reports duplicate keys as syntax errors", async () => {
    const { lines } = await problemsOf("project: demo\nproject: other\n");
    expect(lines[0]).toMatch(/^2:1 : YAML syntax error: Map keys must be unique/);
  });

  it("says where a missing dataset file was looked for", async () => {
    const { lines } = await problemsOf(valid.replace("data/qa.jsonl", "data/missing.jsonl"));
    expect(lines).toEqual([expect.stringMatching(/^4:11 datasets\.qa\.path: file not found: data\/missing\.jsonl \(looked for .*missing\.jsonl/)]);
  });

  it("rejects an unsupported dataset extension", async () => {
    const { lines } = await problemsOf(valid.replace("data/qa.jsonl", "data/qa.xlsx"));
    expect(lines[0]).toContain('4:11 datasets.qa.path: unsupported extension ".xlsx"');
  });

  it("reports a missing project file with the init hint", async () => {
    const error = await loadProject(join(dir, "nope.yaml")).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "config_invalid", hint: 'run "tuneops init" to create one' });
    expect((error as Error).message).toContain("nope.yaml: project file not found");
  });

  it("catches a misspelt prompt name but accepts inline templates", async () => {
    const { lines } = await problemsOf(valid.replace("prompt: short", "prompt: shrot"));
    expect(lines).toEqual([expect.stringMatching(/^19:17 evals\.smoke\.candidates\.0\.prompt: unknown prompt "shrot" \(did you mean "short"\?\)/)]);
  });

  it("requires exactly one of provider and providers, and known providers", async () => {
    const { lines } = await problemsOf(valid.replace("      - provider: gpt\n", "      - providers: [gpt, claude]\n        provider: gpt\n"));
    expect(lines).toContain('18:9 evals.smoke.candidates.0.providers: give `provider` or `providers`, not both');
    expect(lines).toContainEqual(expect.stringMatching(/^18:26 evals\.smoke\.candidates\.0\.providers\.1: unknown provider "claude"; defined providers: "gpt" and "echo"/));
  });

  it("reports several problems at once, in file order", async () => {
    const broken = valid.replace("project: demo", "project: 7").replace("model: gpt-4o-mini", "model: [a]").replace("type: equals", "type: equal");
    const { error, lines } = await problemsOf(broken);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("1:10 project: expected a string, got a number");
    expect(lines[1]).toBe("10:5 providers.gpt.model: expected a string, got a list");
    expect(lines[2]).toMatch(/^23:15 evals\.smoke\.scorers\.0\.type: unknown type "equal"; .*\(did you mean "equals"\?\)/);
    expect(error.message.split("\n")[0]).toMatch(/tuneops\.yaml: 3 problems$/);
  });

  it("explains that environment variables are not interpolated", async () => {
    const { lines } = await problemsOf(valid.replace("api_key_env: OPENAI_API_KEY", "api_key_env: ${OPENAI_API_KEY}"));
    expect(lines).toContainEqual(
      "11:18 providers.gpt.api_key_env: environment variables are not interpolated in tuneops.yaml (found ${OPENAI_API_KEY}); write the variable's name: api_key_env: OPENAI_API_KEY",
    );
  });

  it("reports an interpolated URL once, and union alternatives for a bad response format", async () => {
    const broken = valid.replace("    api_key_env: OPENAI_API_KEY\n", "    api_key_env: OPENAI_API_KEY\n    base_url: ${BASE_URL}\n    params:\n      response_format: xml\n");
    const { lines } = await problemsOf(broken);
    expect(lines).toEqual([
      expect.stringMatching(/^12:15 providers\.gpt\.base_url: environment variables are not interpolated in tuneops\.yaml \(found \$\{BASE_URL\}\)/),
      '14:24 providers.gpt.params.response_format: expected "text", "json" or a mapping, got a string',
    ]);
  });

  it("rejects a key pasted into api_key_env without repeating it", async () => {
    const { error } = await problemsOf(valid.replace("api_key_env: OPENAI_API_KEY", "api_key_env: sk-proj-abc123"));
    expect(error.message).toContain("providers.gpt.api_key_env: expected the NAME of an environment variable");
    expect(error.message).not.toContain("sk-proj-abc123");
  });

  it("reports bad record names, enum values and numeric bounds", async () => {
    const broken = valid
      .replace("  qa:\n    path", "  q a:\n    path")
      .replace("dataset: qa", "dataset: qa\n    repeats: 0")
      .replace("      - metric: pass_rate\n        min: 0.5", "      - metric: pass_rate\n        use: median");
    const { lines } = await problemsOf(broken);
    expect(lines).toContainEqual(expect.stringMatching(/^3:3 datasets\.q a: invalid name "q a": expected a name of letters/));
    expect(lines).toContainEqual("17:14 evals.smoke.repeats: expected a number > 0, got 0");
    expect(lines).toContainEqual(expect.stringMatching(/evals\.smoke\.gates\.0\.use: expected one of "mean", "ci_low" or "ci_high", got "median"/));
  });

  it("describes union alternatives for a prompt of the wrong shape", async () => {
    const { lines } = await problemsOf(valid.replace('short: "Answer: {{ input }}"', "short: 3"));
    expect(lines).toEqual(["6:10 prompts.short: expected a string or a mapping, got a number"]);
    const keyed = await problemsOf(valid.replace('short: "Answer: {{ input }}"', "short:\n    txt: hi"));
    expect(keyed.lines).toEqual(['6:3 prompts.short: expected a mapping with one of the keys "text", "messages" or "file"']);
  });

  it("checks gate candidates against explicit ids and scorer names for uniqueness", async () => {
    const broken = valid
      .replace("      - provider: gpt\n", "      - id: main\n        provider: gpt\n")
      .replace("      - provider: echo\n", "      - id: echo\n        provider: echo\n")
      .replace("      - type: equals\n", "      - type: equals\n        name: ok\n      - type: contains\n        name: ok\n")
      .replace("      - metric: pass_rate\n", "      - metric: pass_rate\n        candidate: mian\n");
    const { lines } = await problemsOf(broken);
    expect(lines).toContainEqual(expect.stringMatching(/scorers\.1\.name: duplicate scorer name "ok"/));
    expect(lines).toContainEqual(expect.stringMatching(/gates\.0\.candidate: unknown candidate "mian" \(did you mean "main"\?\)/));
  });

  it("checks prompt files, script providers and retriever folders", async () => {
    const extra = valid
      .replace("prompts:\n", "prompts:\n  long:\n    file: prompts/long.md\n")
      .replace("providers:\n", "providers:\n  mine:\n    type: script\n    path: scripts/model.js\n")
      .concat("retrievers:\n  docs:\n    type: bm25\n    path: data/qa.jsonl\n");
    const { lines } = await problemsOf(extra);
    expect(lines).toContainEqual(expect.stringMatching(/prompts\.long\.file: file not found: prompts\/long\.md/));
    expect(lines).toContainEqual(expect.stringMatching(/providers\.mine\.path: file not found: scripts\/model\.js/));
    expect(lines).toContainEqual("35:11 retrievers.docs.path: expected a folder, but data/qa.jsonl is a file");
  });

  it("reports an unresolved alias instead of crashing", async () => {
    const { lines } = await problemsOf("project: *missing\n");
    expect(lines[0]).toMatch(/^1:\d+ : YAML (syntax )?error: .*alias/i);
  });

  it("reports an empty file", async () => {
    const { lines } = await problemsOf("# nothing yet\n");
    expect(lines).toEqual(["1:1 : the file is empty; it needs at least `project: <name>`"]);
  });
});
