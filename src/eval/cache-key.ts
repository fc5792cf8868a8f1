import { createHash } from "node:crypto";
import type { GenerateRequest } from "../spec/language-model.js";

/**
 * Content address of a call: the model's identity and every parameter that can change the answer. The
 * repeat number is part of the key when a suite repeats cases, so repeats measure variance instead of
 * replaying one answer.
 */
export function cacheKey(identity: string, request: GenerateRequest, repeat: number | null): string {
  const material = JSON.stringify([
    identity,
    request.prompt,
    request.maxOutputTokens ?? null,
    request.temperature ?? null,
    request.topP ?? null,
    request.stop ?? null,
    request.seed ?? null,
    request.responseFormat ?? null,
    request.tools ?? null,
    request.providerOptions ?? null,
    repeat,
  ]);
  return createHash("sha256").update(material).digest("base64url");
}
