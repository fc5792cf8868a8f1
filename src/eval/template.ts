import { resolve } from "node:path";
import { Liquid, type Template } from "liquidjs";
import { TuneopsError } from "../spec/errors.js";

/** Renders a Liquid template (`{{ field }}`, filters, conditionals) against a case's fields. */
export type RenderTemplate = (template: string, vars: Readonly<Record<string, unknown>>) => string;

export interface TemplateRenderer {
  render: RenderTemplate;
  /** Parses once; throws a config error naming `where` when the template is malformed. */
  compile(template: string, where: string): (vars: Readonly<Record<string, unknown>>) => string;
}

export interface TemplateRendererOptions {
  /**
   * The folder `{% include %}`, `{% render %}` and `{% layout %}` read files from: the project's folder
   * (the one holding tuneops.yaml), never the process's current directory. Files outside it are refused.
   */
  root: string;
}

/**
 * Liquid is a well-kept, dependency-free engine with a sync renderer. Templates are parsed once and
 * cached by their text (bounded by the number of templates in a project file). Undefined variables are
 * errors: a typo in a field name must not silently produce an empty prompt.
 */
export function createTemplateRenderer(options: TemplateRendererOptions): TemplateRenderer {
  const root = resolve(options.root);
  const engine = new Liquid({ strictVariables: true, strictFilters: true, jsTruthy: true, root: [root], partials: [root], layouts: [root] });
  const parsed = new Map<string, Template[]>();

  const parse = (template: string, where: string): Template[] => {
    let templates = parsed.get(template);
    if (templates) return templates;
    try {
      templates = engine.parse(template);
    } catch (error) {
      throw new TuneopsError({
        code: "config_invalid",
        message: `${where}: the template does not parse: ${error instanceof Error ? error.message : String(error)}`,
        hint: "Templates use Liquid syntax, e.g. {{ question }} or {% if context %}...{% endif %}.",
      });
    }
    parsed.set(template, templates);
    return templates;
  };

  const renderParsed = (templates: Template[], vars: Readonly<Record<string, unknown>>, where: string): string => {
    try {
      return engine.renderSync(templates, vars) as string;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new TuneopsError({
        code: "input_invalid",
        message: `${where}: ${reason}`,
        hint: `Variables available: ${Object.keys(vars).join(", ") || "(none)"}.`,
      });
    }
  };

  return {
    render: (template, vars) => (template.includes("{") ? renderParsed(parse(template, "template"), vars, "template") : template),
    compile(template, where) {
      if (!template.includes("{")) return () => template;
      const templates = parse(template, where);
      return (vars) => renderParsed(templates, vars, where);
    },
  };
}
