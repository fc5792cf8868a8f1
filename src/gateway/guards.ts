import type { GatewayGuardsConfig } from "../config/gateway-schema.js";
import type { GuardAction } from "../spec/gateway-store.js";
import { detectPii, piiPlaceholder, type PiiEntityType } from "../scorers/safety/pii-detect.js";
import { findToxicTerms } from "../scorers/safety/toxicity-lexicon.js";
import type { GatewayGuards } from "./gateway-runtime.js";
import { GatewayHttpError } from "./openai-error.js";
import { redactRequestStrings } from "./redact-request.js";

/** Replaces detected entities in place; returns the text and the entity types found. */
function redactText(text: string, entities: readonly PiiEntityType[] | undefined, found: Set<string>): string {
  const matches = detectPii(text, entities);
  if (matches.length === 0) return text;
  let redacted = "";
  let cursor = 0;
  for (const match of matches) {
    found.add(match.type);
    redacted += text.slice(cursor, match.start) + piiPlaceholder(match.type);
    cursor = match.end;
  }
  return redacted + text.slice(cursor);
}

/** Redacts every string a request sends upstream (see redact-request.ts for the few kept as they are). */
function redactBody(body: Record<string, unknown>, entities: readonly PiiEntityType[] | undefined): Set<string> {
  const found = new Set<string>();
  redactRequestStrings(body, (text) => redactText(text, entities, found));
  return found;
}

/**
 * The guards of one gateway: PII redaction before a request leaves, and the toxicity matcher on
 * responses. Each decides what happens when it cannot run (`on_error`: open lets the request through,
 * closed refuses it) and every action is reported for the log.
 */
export class Guards implements GatewayGuards {
  readonly #config: GatewayGuardsConfig;

  constructor(config: GatewayGuardsConfig) {
    this.#config = config;
  }

  get checksRequests(): boolean {
    return this.#config.pii !== undefined;
  }

  get checksResponses(): boolean {
    return this.#config.toxicity !== undefined;
  }

  /** Only a guard that blocks needs to see text before the client does. */
  get streamHoldChars(): number {
    const toxicity = this.#config.toxicity;
    return toxicity?.action === "block" ? toxicity.stream_hold_chars : 0;
  }

  /** Redacts the body in place; true when it changed. */
  guardRequest(body: Record<string, unknown>, actions: GuardAction[]): boolean {
    const pii = this.#config.pii;
    if (!pii) return false;
    try {
      const found = redactBody(body, pii.entities);
      if (found.size === 0) return false;
      actions.push({ guard: "pii", action: "redacted", detail: [...found].sort().join(",") });
      return true;
    } catch (error) {
      const refusal = this.#failed("pii", pii.on_error, actions, error);
      if (refusal) throw refusal;
      return false;
    }
  }

  /**
   * Checks a response text. Returns the error to answer with when it is blocked, else undefined
   * (flagged responses pass and are logged).
   */
  guardResponse(text: string, actions: GuardAction[]): GatewayHttpError | undefined {
    const toxicity = this.#config.toxicity;
    if (!toxicity || text === "") return undefined;
    try {
      const terms = findToxicTerms(text);
      if (terms.length === 0) return undefined;
      const categories = [...new Set(terms.map((term) => term.category))].sort().join(",");
      if (toxicity.action === "flag") {
        actions.push({ guard: "toxicity", action: "flagged", detail: categories });
        return undefined;
      }
      actions.push({ guard: "toxicity", action: "blocked", detail: categories });
      return new GatewayHttpError(400, {
        message: "The response was blocked by the gateway's toxicity guard.",
        type: "invalid_request_error",
        code: "content_policy_violation",
      });
    } catch (error) {
      return this.#failed("toxicity", toxicity.on_error, actions, error);
    }
  }

  /** The refusal when the guard fails closed, undefined when it fails open. */
  #failed(guard: string, mode: "open" | "closed", actions: GuardAction[], error: unknown): GatewayHttpError | undefined {
    const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
    if (mode === "open") {
      actions.push({ guard, action: "passed-on-error", detail });
      return undefined;
    }
    actions.push({ guard, action: "refused-on-error", detail });
    return new GatewayHttpError(503, { message: `The gateway's ${guard} guard failed and is set to fail closed.`, type: "server_error", code: "guard_unavailable" });
  }
}
