// The library surface: `import { ... } from "tuneops"`.
export * from "./spec/index.js";
