export * from "./format.js";
export * from "./report-extras.js";
export * from "./render-terminal.js";
export * from "./render-markdown.js";
export * from "./render-html.js";
export * from "./render-junit.js";
export * from "./render-json.js";
export * from "./run-summary-json-schema.js";
