export { createLlamaCppModel, llamaCppCapabilities, type LlamaCppModelOptions } from "./llama-cpp-language-model.js";
export { validateGgufHeader, type GgufHeaderSummary } from "./validate-gguf-header.js";
