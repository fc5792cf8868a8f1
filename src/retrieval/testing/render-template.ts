import type { RenderTemplate } from "../document-retriever.js";

/** `{{ name }}` substitution: enough to test retrievers without the product's Liquid engine. */
export const renderTemplate: RenderTemplate = (template, vars) => template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? ""));
