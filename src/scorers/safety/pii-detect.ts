import { isCardNumber, isIban, ibanLength, shannonEntropy } from "./pii-checksums.js";

/**
 * Offline PII detection: regular expressions find candidates, checksums and number plans confirm them
 * (Luhn and issuer ranges for cards, mod-97 for IBANs, SSA rules for SSNs, octet ranges for IPv4). Every
 * pattern is compiled once, here; `detectPii` only resets `lastIndex`. Pure and synchronous.
 */

/** The entity types, as `pii` scorers name them in tuneops.yaml. */
export const piiEntityTypes = ["email", "phone", "credit-card", "iban", "us-ssn", "ip-address", "secret"] as const;
export type PiiEntityType = (typeof piiEntityTypes)[number];

export interface PiiMatch {
  type: PiiEntityType;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset just past the last character (exclusive). */
  end: number;
  text: string;
}

interface Candidate extends PiiMatch {
  /** Lower wins when two candidates overlap (a key inside an e-mail-like string is a secret). */
  priority: number;
}

type Push = (type: PiiEntityType, start: number, end: number) => void;

/** Runs a global pattern over the text from the start, calling `onMatch` for each match. */
function scan(pattern: RegExp, text: string, onMatch: (match: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) pattern.lastIndex += 1;
    onMatch(match);
  }
}

function countDigits(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}

function digitsOnly(value: string): string {
  let digits = "";
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += value[index];
  }
  return digits;
}

// --- e-mail --------------------------------------------------------------------------------------------
const emailPattern =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

function findEmails(text: string, push: Push): void {
  if (!text.includes("@")) return;
  scan(emailPattern, text, (match) => push("email", match.index, match.index + match[0].length));
}

// --- secrets -------------------------------------------------------------------------------------------
const hasUpper = /[A-Z]/;
const hasLower = /[a-z]/;
const hasDigit = /\d/;

/** Random-looking: at least two of lower, upper, digit (placeholders like YOUR_API_KEY have one). */
function looksRandom(value: string): boolean {
  const classes = (hasUpper.test(value) ? 1 : 0) + (hasLower.test(value) ? 1 : 0) + (hasDigit.test(value) ? 1 : 0);
  return classes >= 2;
}

interface SecretPattern {
  pattern: RegExp;
  /** Confirms a candidate (the key body, or the assigned value for generic assignments). */
  accept?: (value: string) => boolean;
  /** The capture group that is the secret (generic assignments keep `api_key=` in the text). */
  group?: number;
}

const secretPatterns: readonly SecretPattern[] = [
  // PEM private keys, with the body up to the END line when it is there. The body is bounded (an RSA
  // 8192-bit key is about 6,500 characters) so many BEGIN lines without an END stay linear.
  { pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]{0,8000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?/g },
  // Anthropic (sk-ant-api03-..., sk-ant-admin01-...).
  { pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g },
  // OpenAI (sk-..., sk-proj-..., sk-svcacct-...): mixed character classes tell keys from words like sk-learn-...
  { pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)[A-Za-z0-9_-]{20,}/g, accept: (value) => hasUpper.test(value) && hasLower.test(value) && hasDigit.test(value) },
  // AWS access key ids.
  { pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_).
  { pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g },
  // Slack tokens (bot, user, app, refresh...).
  { pattern: /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}/g },
  // Google API keys.
  { pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  // Stripe secret and restricted keys.
  { pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/g },
  // JSON Web Tokens: base64url of '{"' starts both the header and the payload.
  { pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  // Generic assignments (api_key = "...", password: ..., Bearer ...): only random-looking values of 16+
  // characters with at least 3 bits of entropy per character, so placeholders and prose stay out.
  {
    pattern:
      /(?<![A-Za-z0-9])(?:api[_-]?key|apikey|secret(?:[_-]?key)?|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|password|passwd|pwd|private[_-]?key)["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9_\-+/=.~]{16,})|(?<![A-Za-z0-9])bearer\s+([A-Za-z0-9_\-+/=.~]{16,})/dgi,
    accept: (value) => looksRandom(value) && shannonEntropy(value) >= 3,
    group: 1,
  },
];

function findSecrets(text: string, push: Push): void {
  for (const { pattern, accept, group } of secretPatterns) {
    scan(pattern, text, (match) => {
      if (group === undefined) {
        if (accept === undefined || accept(match[0])) push("secret", match.index, match.index + match[0].length);
        return;
      }
      // Either alternative's value group (the second alternative is `Bearer <token>`).
      const indices = match.indices?.[group] ?? match.indices?.[group + 1];
      const value = match[group] ?? match[group + 1];
      if (indices === undefined || value === undefined) return;
      if (accept === undefined || accept(value)) push("secret", indices[0], indices[1]);
    });
  }
}

// --- payment cards -------------------------------------------------------------------------------------
// 13-19 digits, single spaces or dashes between them; not part of a longer number, a decimal or a list.
const cardPattern = /(?<![\w+\-.,]|\d[ -])\d(?:[ -]?\d){12,18}(?!\w|[ -]\d|[.,]\d)/g;

function findCards(text: string, push: Push): void {
  scan(cardPattern, text, (match) => {
    if (isCardNumber(digitsOnly(match[0]))) push("credit-card", match.index, match.index + match[0].length);
  });
}

// --- IBAN ----------------------------------------------------------------------------------------------
const ibanPattern = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){11,30}/g;
const ibanBodyCharacter = /[A-Z0-9]/;

function findIbans(text: string, push: Push): void {
  scan(ibanPattern, text, (match) => {
    const raw = match[0];
    const expected = ibanLength(raw.slice(0, 2));
    // Printed IBANs are grouped by four and often followed by capitals (a BIC, a name): keep exactly the
    // country's length of characters; for countries not in the table, the whole run.
    let compact = "";
    let endOffset = raw.length;
    for (let index = 0; index < raw.length; index += 1) {
      const character = raw[index] as string;
      if (character === " " || character === "-") continue;
      compact += character;
      if (compact.length === expected) {
        endOffset = index + 1;
        break;
      }
    }
    const next = raw[endOffset];
    const cutInsideGroup = next !== undefined && ibanBodyCharacter.test(next);
    if (!cutInsideGroup && isIban(compact)) {
      push("iban", match.index, match.index + endOffset);
      ibanPattern.lastIndex = match.index + endOffset;
    } else {
      // A rejected run may still hold an IBAN after one of its separators.
      ibanPattern.lastIndex = match.index + 1;
    }
  });
}

// --- US social security numbers ------------------------------------------------------------------------
// AAA-GG-SSSS with one separator used twice; area 000, 666 and 900-999, group 00 and serial 0000 are
// never issued.
const ssnPattern = /(?<![\w-]|\d[ -])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-]|[ -]\d)/g;

function findSsns(text: string, push: Push): void {
  scan(ssnPattern, text, (match) => push("us-ssn", match.index, match.index + match[0].length));
}

// --- IP addresses --------------------------------------------------------------------------------------
const octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4Pattern = new RegExp(`(?<![\\w.]|\\d\\.)(?:${octet}\\.){3}${octet}(?!\\w|\\.\\d)`, "g");
const ipv4Exact = new RegExp(`^(?:${octet}\\.){3}${octet}$`);
const ipv6Candidate = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?![\w:]|\.\w)/g;
const hexGroup = /^[0-9A-Fa-f]{1,4}$/;
const hexDigit = /[0-9A-Fa-f]/;

/** RFC 4291 text forms: eight groups, or fewer with one `::`, optionally ending in an IPv4 address. */
export function isIpv6(value: string): boolean {
  if (!hexDigit.test(value)) return false;
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups: string[] = [];
  for (const half of halves) if (half !== "") groups.push(...half.split(":"));
  let count = groups.length;
  for (let index = 0; index < groups.length; index += 1) {
    const group = groups[index] as string;
    if (hexGroup.test(group)) continue;
    // An embedded IPv4 address counts as two groups and may only come last.
    if (index === groups.length - 1 && ipv4Exact.test(group)) {
      count += 1;
      continue;
    }
    return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

function findIpAddresses(text: string, push: Push): void {
  if (text.includes(".")) scan(ipv4Pattern, text, (match) => push("ip-address", match.index, match.index + match[0].length));
  if (text.includes(":")) {
    scan(ipv6Candidate, text, (match) => {
      if (isIpv6(match[0])) push("ip-address", match.index, match.index + match[0].length);
    });
  }
}

// --- phone numbers -------------------------------------------------------------------------------------
// Only numbers written as phone numbers: international (+CC ...), North American (NANP area and exchange
// codes start 2-9), or national with a trunk 0 and separators (UK, EU). A bare run of digits without a
// plus sign is not a phone number here (order ids, amounts); neither are dates, years or prices.
const internationalPhone = /(?<![\w+]|\d[ .-])\+[1-9](?:[ .-]?(?:\(\d{1,4}\)|\d)){6,17}(?!\w|[ .-]\d)/g;
const northAmericanPhone = /(?<![\w+]|\d[ .-])(?:1[ .-]?)?(?:\( ?[2-9]\d{2} ?\) ?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\w|[ .-]\d)/g;
const trunkPhone = /(?<![\w+(]|\d[ .-])(?:\(0\d{1,4}\) ?|0\d{1,4}[ -])\d{2,8}(?:[ -]\d{2,8}){0,3}(?!\w|[ .-]\d)/g;

function findPhones(text: string, push: Push): void {
  if (text.includes("+")) {
    scan(internationalPhone, text, (match) => {
      const digits = countDigits(match[0]);
      if (digits >= 8 && digits <= 15) push("phone", match.index, match.index + match[0].length);
    });
  }
  scan(northAmericanPhone, text, (match) => push("phone", match.index, match.index + match[0].length));
  scan(trunkPhone, text, (match) => {
    const raw = match[0];
    const digits = countDigits(raw);
    // One kind of separator: "01-02-2024 1130" is a date and a time, not a number.
    const mixed = raw.includes(" ") && raw.includes("-");
    if (!mixed && digits >= 10 && digits <= 12) push("phone", match.index, match.index + raw.length);
  });
}

// --- all together --------------------------------------------------------------------------------------
interface Detector {
  type: PiiEntityType;
  priority: number;
  numeric: boolean;
  find: (text: string, push: Push) => void;
}

const detectors: readonly Detector[] = [
  { type: "secret", priority: 0, numeric: false, find: findSecrets },
  { type: "email", priority: 1, numeric: false, find: findEmails },
  { type: "iban", priority: 2, numeric: true, find: findIbans },
  { type: "credit-card", priority: 3, numeric: true, find: findCards },
  { type: "us-ssn", priority: 4, numeric: true, find: findSsns },
  { type: "ip-address", priority: 5, numeric: false, find: findIpAddresses },
  { type: "phone", priority: 6, numeric: true, find: findPhones },
];

const anyDigit = /\d/;

/**
 * Finds PII in `text`, in order of position, without overlaps (where two detections overlap, a secret
 * beats an e-mail, which beats an IBAN, card, SSN, IP address, then phone; then the longer one wins).
 * `entities` limits the search to those types (default: all).
 */
export function detectPii(text: string, entities?: readonly PiiEntityType[]): PiiMatch[] {
  const candidates: Candidate[] = [];
  const hasDigits = anyDigit.test(text);
  for (const detector of detectors) {
    if (entities !== undefined && !entities.includes(detector.type)) continue;
    if (detector.numeric && !hasDigits) continue;
    detector.find(text, (type, start, end) => {
      candidates.push({ type, start, end, text: text.slice(start, end), priority: detector.priority });
    });
  }
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const accepted: PiiMatch[] = [];
  for (const candidate of candidates) {
    if (accepted.some((taken) => candidate.start < taken.end && taken.start < candidate.end)) continue;
    accepted.push({ type: candidate.type, start: candidate.start, end: candidate.end, text: candidate.text });
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/** The placeholder that replaces an entity of this type: `[EMAIL]`, `[CREDIT_CARD]`, `[US_SSN]`... */
export function piiPlaceholder(type: PiiEntityType): string {
  return `[${type.toUpperCase().replaceAll("-", "_")}]`;
}

/** `text` with every detected entity replaced by its placeholder (see `piiPlaceholder`). */
export function redactPii(text: string, entities?: readonly PiiEntityType[]): string {
  const matches = detectPii(text, entities);
  if (matches.length === 0) return text;
  let redacted = "";
  let cursor = 0;
  for (const match of matches) {
    redacted += text.slice(cursor, match.start) + piiPlaceholder(match.type);
    cursor = match.end;
  }
  return redacted + text.slice(cursor);
}
