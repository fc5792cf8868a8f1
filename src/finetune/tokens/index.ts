export { chatOverhead, chatTokens, contentText, toolOverheadCl100k, toolOverheadO200k, toolsTokens, type ToolOverhead } from "./chat-token-count.js";
export { createOpenAiTokenCounter, tokenCounterFor, type EncodingName, type TokenCounterChoice } from "./token-counter-for.js";
export { countTrainingFile } from "./count-training-file.js";
