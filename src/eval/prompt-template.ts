import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { PromptConfig } from "../config/project-schema.js";
import { TuneopsError } from "../spec/errors.js";
import type { Prompt } from "../spec/language-model.js";
import type { TemplateRenderer } from "./template.js";

/** A prompt ready to fill from a case's fields. */
export interface PromptTemplate {
  /** Name in `prompts`, or `inline`. */
  name: string;
  /** The source, for the run's config snapshot. */
  source: { kind: "text"; text: string } | { kind: "chat"; messages: { role: "system" | "user" | "assistant"; content: string }[] };
  render(vars: Readonly<Record<string, unknown>>): Prompt;
}

const messagesFileSchema = z.array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() }).strict()).min(1);

/** Loads a prompt (inline, text, chat messages or a file) and compiles its templates once. */
export async function loadPromptTemplate(options: {
  name: string;
  config: PromptConfig;
  baseDir: string;
  renderer: TemplateRenderer;
}): Promise<PromptTemplate> {
  const source = await readPromptSource(options.config, options.baseDir, options.name);
  const where = `prompt ${options.name}`;
  if (source.kind === "text") {
    const render = options.renderer.compile(source.text, where);
    return { name: options.name, source, render: (vars) => ({ kind: "text", text: render(vars) }) };
  }
  const renders = source.messages.map((message, index) => ({
    role: message.role,
    render: options.renderer.compile(message.content, `${where} message ${index + 1}`),
  }));
  return {
    name: options.name,
    source,
    render: (vars) => ({ kind: "chat", messages: renders.map((message) => ({ role: message.role, content: message.render(vars) })) }),
  };
}

/** A prompt's source: inline text or messages as written, a file read relative to `baseDir`. */
export async function readPromptSource(config: PromptConfig, baseDir: string, name: string): Promise<PromptTemplate["source"]> {
  if (typeof config === "string") return { kind: "text", text: config };
  if ("text" in config) return { kind: "text", text: config.text };
  if ("messages" in config) return { kind: "chat", messages: config.messages };
  const path = resolve(baseDir, config.file);
  let content: string;
  try {
    content = await readFile(path, "utf8");
  } catch {
    throw new TuneopsError({ code: "config_invalid", message: `prompts.${name}.file: cannot read ${path}`, location: { file: path, field: `prompts.${name}.file` }, hint: "Check the path; it is relative to tuneops.yaml." });
  }
  const extension = extname(path).toLowerCase();
  if (extension !== ".json" && extension !== ".yaml" && extension !== ".yml") return { kind: "text", text: content };
  let data: unknown;
  try {
    data = extension === ".json" ? JSON.parse(content) : parseYaml(content);
  } catch (error) {
    throw new TuneopsError({ code: "config_invalid", message: `${path}: ${error instanceof Error ? error.message : String(error)}`, location: { file: path, field: `prompts.${name}.file` } });
  }
  const parsed = messagesFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new TuneopsError({
      code: "config_invalid",
      message: `${path}: expected a list of chat messages ({role: system|user|assistant, content: text}): ${parsed.error.issues[0]?.message ?? "invalid"}`,
      location: { file: path, field: `prompts.${name}.file` },
    });
  }
  return { kind: "chat", messages: parsed.data };
}

/** A prompt that passes the case's input field through unchanged (baselines, replay). */
export function inputPassThrough(inputField: string): PromptTemplate {
  return {
    name: "input",
    source: { kind: "text", text: `{{ ${inputField} }}` },
    render: (vars) => ({ kind: "text", text: stringify(vars[inputField]) }),
  };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
