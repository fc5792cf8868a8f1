import { escapeMarkup } from "../escape-markup.js";

export type AttributeValue = string | number | undefined;

/** Rounds coordinates so the markup stays small (1/100 px is below what any screen shows). */
function formatAttribute(value: string | number): string {
  if (typeof value === "number") return String(Math.round(value * 100) / 100);
  return escapeMarkup(value);
}

/**
 * One element as markup. Attribute values and `text` are escaped; `children` are markup already built
 * by this helper (that is the contract that keeps user text from becoming markup).
 */
export function svgElement(tag: string, attributes: Record<string, AttributeValue>, content?: { text?: string; children?: readonly string[] }): string {
  const attributeText = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${formatAttribute(value)}"`)
    .join("");
  const inner = (content?.text === undefined ? "" : escapeMarkup(content.text)) + (content?.children ?? []).join("");
  return inner === "" ? `<${tag}${attributeText}/>` : `<${tag}${attributeText}>${inner}</${tag}>`;
}

export interface SvgDocumentOptions {
  /** Unique within the page: the title and description are referenced by id. */
  id: string;
  width: number;
  height: number;
  title: string;
  description: string;
  children: readonly string[];
}

/** An accessible chart: `role="img"` labelled by its <title> and described by its <desc>. */
export function svgDocument(options: SvgDocumentOptions): string {
  const titleId = `${options.id}-title`;
  const descriptionId = `${options.id}-desc`;
  return svgElement(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      id: options.id,
      class: "chart",
      viewBox: `0 0 ${options.width} ${options.height}`,
      width: options.width,
      height: options.height,
      role: "img",
      "aria-labelledby": `${titleId} ${descriptionId}`,
    },
    {
      children: [
        svgElement("title", { id: titleId }, { text: options.title }),
        svgElement("desc", { id: descriptionId }, { text: options.description }),
        ...options.children,
      ],
    },
  );
}

/** Cuts a label to `maximum` characters with an ellipsis (the full text goes in a <title>). */
export function shortenLabel(text: string, maximum: number): string {
  const characters = [...text];
  return characters.length <= maximum ? text : `${characters.slice(0, maximum - 1).join("")}…`;
}

/** Rough width of a label in px at the charts' 12px sans-serif font, for layout. */
export function estimateTextWidth(text: string): number {
  return [...text].length * 6.8;
}
