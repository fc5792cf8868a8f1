import { Liquid } from "liquidjs";
import type { PromptTemplate } from "./prompt-template.js";

/** Parses only (never renders): static analysis needs no strictness settings. */
const parser = new Liquid();

/**
 * The case fields a prompt reads: the top-level variables of its templates (`{{ question }}`,
 * `{% if context %}`, `{{ doc.title }}` gives `doc`), in order of first use. This is what a candidate
 * was given, so blind comparisons (the arena, judges) show these fields and no others. A template that
 * does not parse gives no fields (the run could not have used it either).
 */
export function promptSourceFields(source: PromptTemplate["source"]): string[] {
  const texts = source.kind === "text" ? [source.text] : source.messages.map((message) => message.content);
  const fields = new Set<string>();
  for (const text of texts) {
    if (!text.includes("{")) continue;
    try {
      for (const name of parser.globalVariablesSync(text)) fields.add(String(name));
    } catch {
      // Not a template the run could render: it contributes no field.
    }
  }
  return [...fields];
}

/** The fields of `vars` named in `fields` and not in `hidden`, in the order of `fields`. */
export function pickFields(vars: Readonly<Record<string, unknown>>, fields: Iterable<string>, hidden: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (!hidden.has(field) && Object.hasOwn(vars, field)) picked[field] = vars[field];
  return picked;
}

/**
 * The dataset fields replay providers read their recorded outputs (and latencies) from: another
 * candidate's answer, so never shown to a judge or a voter as part of the case.
 */
export function replayFields(providers: Readonly<Record<string, { type: string; field?: unknown; latency_field?: unknown }>>): string[] {
  const fields = new Set<string>();
  for (const provider of Object.values(providers)) {
    if (provider.type !== "replay") continue;
    if (typeof provider.field === "string") fields.add(provider.field);
    if (typeof provider.latency_field === "string") fields.add(provider.latency_field);
  }
  return [...fields];
}
