/**
 * Escaping for HTML, SVG and XML text and attribute values. Every piece of user text (candidate ids,
 * model names, reasons, outputs) goes through here before it reaches markup.
 */

// Characters XML 1.0 forbids outright (C0 controls other than tab, newline and carriage return, lone
// surrogates, U+FFFE/U+FFFF): a JUnit file holding one is rejected whole by CI parsers.
const invalidXmlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text safe inside an element or a quoted attribute of HTML, SVG or XML. */
export function escapeMarkup(text: string): string {
  return text.replace(invalidXmlCharacters, "\uFFFD").replace(/[&<>"']/g, (character) => entities[character] ?? character);
}
