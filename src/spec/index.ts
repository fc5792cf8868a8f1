export * from "./errors.js";
export * from "./usage.js";
export * from "./language-model.js";
export * from "./scorer.js";
export * from "./result.js";
export * from "./store.js";
export * from "./run-summary.js";
export * from "./retriever.js";
