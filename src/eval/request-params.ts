import type { CallParams } from "../config/project-schema.js";
import type { GenerateRequest } from "../spec/language-model.js";

/** Maps the project file's snake_case call parameters onto the contract's request fields. */
export function requestParams(params: CallParams): Omit<GenerateRequest, "prompt"> {
  const request: Omit<GenerateRequest, "prompt"> = {};
  if (params.temperature !== undefined) request.temperature = params.temperature;
  if (params.max_tokens !== undefined) request.maxOutputTokens = params.max_tokens;
  if (params.top_p !== undefined) request.topP = params.top_p;
  if (params.stop !== undefined) request.stop = params.stop;
  if (params.seed !== undefined) request.seed = params.seed;
  if (params.response_format === "json") request.responseFormat = { type: "json" };
  else if (typeof params.response_format === "object") request.responseFormat = { type: "json", schema: params.response_format.json_schema };
  if (params.extra !== undefined) request.providerOptions = params.extra;
  return request;
}
