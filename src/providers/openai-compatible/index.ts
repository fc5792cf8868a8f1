export { createOpenAiCompatibleModel, OpenAiCompatibleLanguageModel, type OpenAiCompatibleModelOptions } from "./openai-compatible-language-model.js";
export { normaliseOpenAiUsage, mapOpenAiFinishReason } from "./openai-compatible-usage.js";
