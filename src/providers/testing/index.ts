// Local servers speaking the real provider protocols, for tests, the CLI's self-tests and the
// throughput benchmark. Production code never imports this folder (enforced by dependency-cruiser).
export { startOpenAiMockServer, type OpenAiMockServerOptions } from "./openai-mock-server.js";
export { startAnthropicMockServer, type AnthropicMockServerOptions } from "./anthropic-mock-server.js";
export type { MockFault, MockRecordedResponse, MockServer } from "./mock-server.js";
export {
  countMockPromptTokens,
  countMockTokens,
  defaultMockReply,
  type MockChatMessage,
  type MockChatRequest,
  type MockReply,
  type MockReplyFunction,
  type MockToolCall,
} from "./mock-reply.js";
