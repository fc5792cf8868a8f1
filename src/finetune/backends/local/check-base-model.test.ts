import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledTrainerPath, defaultTrainerCommand } from "./bundled-trainer.js";
import { resolveBaseModel } from "./check-base-model.js";

describe("resolveBaseModel", () => {
  it("makes an existing model folder absolute, relative to the project folder", async () => {
    const project = await mkdtemp(join(tmpdir(), "tuneops-base-"));
    await mkdir(join(project, "models", "tiny"), { recursive: true });
    await writeFile(join(project, "models", "tiny", "config.json"), "{}");
    expect(resolveBaseModel("models/tiny", project)).toBe(join(project, "models", "tiny"));
    expect(resolveBaseModel("./models/tiny", project)).toBe(join(project, "models", "tiny"));
    expect(resolveBaseModel(join(project, "models", "tiny"), "/")).toBe(join(project, "models", "tiny"));
  });

  it("refuses a path that does not exist or is no model folder, and passes Hub ids through", async () => {
    const project = await mkdtemp(join(tmpdir(), "tuneops-base-"));
    await mkdir(join(project, "models", "empty"), { recursive: true });
    expect(() => resolveBaseModel("./missing", project)).toThrow(/base model .*missing does not exist/);
    expect(() => resolveBaseModel("/nowhere/model", project)).toThrow(/does not exist/);
    expect(() => resolveBaseModel("models/typo", project)).toThrow(/does not exist/);
    expect(() => resolveBaseModel("models/empty", project)).toThrow(/not a model folder \(no config\.json/);
    expect(() => resolveBaseModel("not a model", project)).toThrow(/does not exist/);
    expect(resolveBaseModel("Qwen/Qwen2.5-0.5B-Instruct", project)).toBe("Qwen/Qwen2.5-0.5B-Instruct");
    expect(resolveBaseModel("gpt2", project)).toBe("gpt2");
  });
});

describe("the bundled trainer", () => {
  it("is the package's trainers/train_lora.py, whatever the current folder", () => {
    expect(existsSync(bundledTrainerPath)).toBe(true);
    expect(bundledTrainerPath).toBe(new URL("../../../../trainers/train_lora.py", import.meta.url).pathname);
    expect(defaultTrainerCommand()).toEqual(["python3", bundledTrainerPath]);
  });
});
