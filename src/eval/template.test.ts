import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTemplateRenderer } from "./template.js";

describe("createTemplateRenderer", () => {
  it("resolves {% include %} and {% render %} against the project folder, not the current directory", async () => {
    const project = await mkdtemp(join(tmpdir(), "tuneops-template-"));
    await writeFile(join(project, "greeting.liquid"), "Hello {{ name }}");
    expect(process.cwd()).not.toBe(project);
    const renderer = createTemplateRenderer({ root: project });
    expect(renderer.render("{% include 'greeting.liquid' %}!", { name: "Ada" })).toBe("Hello Ada!");
    expect(renderer.compile("{% render 'greeting.liquid', name: name %}", "prompt")({ name: "Bo" })).toBe("Hello Bo");
  });

  it("refuses files outside the project folder", async () => {
    const outer = await mkdtemp(join(tmpdir(), "tuneops-template-"));
    const project = join(outer, "project");
    await writeFile(join(outer, "secret.liquid"), "secret");
    const renderer = createTemplateRenderer({ root: project });
    expect(() => renderer.render("{% include '../secret.liquid' %}", {})).toThrow();
  });
});
