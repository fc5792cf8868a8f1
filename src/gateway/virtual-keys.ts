import { createHash } from "node:crypto";
import type { KeyLimits } from "../spec/gateway-limits.js";
import { GatewayHttpError } from "./openai-error.js";

/** A virtual key: its name, hash, limits (absent ones do not apply) and what it may reach. */
export interface VirtualKey extends KeyLimits {
  name: string;
  sha256: string;
  /** Epoch ms from which the key is refused; undefined: it does not expire. */
  expiresAt?: number | undefined;
  /** Route names (model aliases as configured, `*` for the catch-all) the key may use; undefined: all. */
  routes?: readonly string[] | undefined;
  /** Model names the client may ask for; undefined: all. */
  models?: readonly string[] | undefined;
  /** May give feedback on any request (others only on their own). */
  admin?: boolean | undefined;
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The credential of an `Authorization: Bearer <token>` header; the scheme in any case (RFC 7235). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^bearer[ \t]+(\S.*)$/i.exec(authorization.trim());
  return match?.[1]?.trim();
}

export function hasLimits(key: KeyLimits): boolean {
  return key.requestsPerMinute !== undefined || key.tokensPerMinute !== undefined || key.budgetUsdPerDay !== undefined || key.budgetUsdPerMonth !== undefined;
}

/** A request's key as far as it is known: `key` when the credential names one, `error` when the request is refused. */
export interface Identified {
  key: VirtualKey | undefined;
  error: GatewayHttpError | undefined;
}

/**
 * The virtual keys in force, looked up by SHA-256 (the plain key is never kept). The whole set is
 * swapped at once when it is re-read, so a request sees either the old set or the new one.
 */
export class KeyRing {
  #byHash = new Map<string, VirtualKey>();
  #everHeld = false;
  readonly #now: () => number;

  constructor(keys: readonly VirtualKey[] = [], options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.replace(keys);
  }

  /**
   * Whether requests need a key: once any key has been in force, always (revoking the last key must not
   * open the gateway to anyone).
   */
  get enabled(): boolean {
    return this.#everHeld;
  }

  get size(): number {
    return this.#byHash.size;
  }

  replace(keys: readonly VirtualKey[]): void {
    this.#byHash = new Map(keys.map((key) => [key.sha256, key]));
    if (keys.length > 0) this.#everHeld = true;
  }

  find(token: string): VirtualKey | undefined {
    return this.#byHash.get(hashKey(token));
  }

  /** The key of an authorization header, and the 401 to answer when there is none or it expired. */
  identify(authorization: string | undefined): Identified {
    const token = bearerToken(authorization);
    const key = token === undefined ? undefined : this.find(token);
    return { key, error: this.refusalOf(key, token !== undefined) };
  }

  refusalOf(key: VirtualKey | undefined, presented: boolean): GatewayHttpError | undefined {
    if (key === undefined) {
      return new GatewayHttpError(401, {
        message: presented ? "Incorrect API key provided." : "You didn't provide an API key. Send a tuneops virtual key as 'Authorization: Bearer <key>'.",
        type: "invalid_request_error",
        code: "invalid_api_key",
      });
    }
    if (key.expiresAt !== undefined && this.#now() >= key.expiresAt) {
      return new GatewayHttpError(401, { message: `The key "${key.name}" expired at ${new Date(key.expiresAt).toISOString()}.`, type: "invalid_request_error", code: "expired_api_key" });
    }
    return undefined;
  }

  /** Refuses (403) a route or model outside the key's allow-lists. */
  checkAccess(key: VirtualKey, options: { route: string; model: string }): void {
    const routeRefused = key.routes !== undefined && !key.routes.includes(options.route);
    const modelRefused = key.models !== undefined && !key.models.includes(options.model);
    if (routeRefused || modelRefused) {
      throw new GatewayHttpError(403, {
        message: `The key "${key.name}" may not use the model '${options.model}'${routeRefused ? ` (route ${options.route})` : ""}.`,
        type: "invalid_request_error",
        param: "model",
        code: "model_not_allowed",
      });
    }
  }

  /** Whether a key may use a route alias (for /v1/models). */
  allows(key: VirtualKey, alias: string): boolean {
    return (key.routes === undefined || key.routes.includes(alias)) && (key.models === undefined || key.models.includes(alias));
  }
}
