import { redactPii } from "../scorers/safety/pii-detect.js";

/** What replaces a masked secret in a relayed upstream error body (the PII detector's placeholder for a secret). */
export const maskedSecret = "[SECRET]";

/**
 * An upstream error body as the client may see it: the credentials the gateway sent (`known`, matched
 * exactly wherever they appear) and anything else that looks like a secret (provider keys, bearer
 * tokens, `api_key=...` assignments, JWTs, private keys) replaced by `[SECRET]`. Upstreams echo keys
 * back ("Incorrect API key provided: sk-..."); a gateway holding its own keys must never pass them on.
 */
export function maskSecrets(text: string, known: readonly string[]): string {
  let masked = text;
  for (const secret of known) {
    // Short values would mask ordinary words; real keys are long.
    if (secret.length >= 8 && masked.includes(secret)) masked = masked.replaceAll(secret, maskedSecret);
  }
  return redactPii(masked, ["secret"]);
}

/** The token of an `Authorization` header value (`Bearer abc` gives `abc`). */
export function credentialOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^\s*\S+\s+(\S+)\s*$/.exec(authorization);
  return match ? match[1] : authorization.trim();
}
