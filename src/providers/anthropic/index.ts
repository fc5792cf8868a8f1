export { createAnthropicModel, AnthropicLanguageModel, anthropicVersion, type AnthropicModelOptions } from "./anthropic-language-model.js";
export { defaultAnthropicMaxTokens } from "./anthropic-request.js";
export { normaliseAnthropicUsage, mapAnthropicStopReason } from "./anthropic-usage.js";
