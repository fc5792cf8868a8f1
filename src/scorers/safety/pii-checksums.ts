/**
 * Check digits and number plans that turn "a run of digits" into "a real identifier": the Luhn check and
 * issuer prefixes of payment cards, and the ISO 13616 IBAN (country length, ISO 7064 mod-97-10). Pure.
 */

/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "jcb" | "diners" | "unionpay" | "maestro";

interface IssuerRange {
  brand: CardBrand;
  /** Inclusive bounds on the first `prefixLength` digits. */
  low: number;
  high: number;
  prefixLength: number;
  lengths: readonly number[];
}

// Issuer identification number ranges as the card networks publish them (checked most specific first).
const issuerRanges: readonly IssuerRange[] = [
  { brand: "amex", low: 34, high: 34, prefixLength: 2, lengths: [15] },
  { brand: "amex", low: 37, high: 37, prefixLength: 2, lengths: [15] },
  { brand: "discover", low: 6011, high: 6011, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { brand: "discover", low: 644, high: 649, prefixLength: 3, lengths: [16, 17, 18, 19] },
  { brand: "discover", low: 65, high: 65, prefixLength: 2, lengths: [16, 17, 18, 19] },
  { brand: "jcb", low: 3528, high: 3589, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { brand: "mastercard", low: 51, high: 55, prefixLength: 2, lengths: [16] },
  { brand: "mastercard", low: 2221, high: 2720, prefixLength: 4, lengths: [16] },
  { brand: "diners", low: 300, high: 305, prefixLength: 3, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: "diners", low: 36, high: 36, prefixLength: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: "diners", low: 38, high: 39, prefixLength: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { brand: "unionpay", low: 62, high: 62, prefixLength: 2, lengths: [16, 17, 18, 19] },
  { brand: "visa", low: 4, high: 4, prefixLength: 1, lengths: [13, 16, 19] },
  { brand: "maestro", low: 50, high: 50, prefixLength: 2, lengths: [13, 14, 15, 16, 17, 18, 19] },
  { brand: "maestro", low: 56, high: 69, prefixLength: 2, lengths: [13, 14, 15, 16, 17, 18, 19] },
];

/** The card network whose issuer range and length fit these digits, or undefined. */
export function cardBrand(digits: string): CardBrand | undefined {
  for (const range of issuerRanges) {
    if (!range.lengths.includes(digits.length)) continue;
    const prefix = Number(digits.slice(0, range.prefixLength));
    if (prefix >= range.low && prefix <= range.high) return range.brand;
  }
  return undefined;
}

/** A payment card number: a known issuer range with its length, and a valid Luhn check digit. */
export function isCardNumber(digits: string): boolean {
  return cardBrand(digits) !== undefined && luhnValid(digits);
}

/**
 * IBAN length by country (ISO 13616 registry) for the countries that issue most IBANs. Other country
 * codes are accepted with any length from 15 to 34 when the checksum holds.
 */
export const ibanLengths: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26,
  UA: 29, VG: 24, XK: 20,
};

/** ISO 7064 mod-97-10 remainder of an IBAN's rearranged form (country and check digits moved to the end). */
export function ibanRemainder(compact: string): number {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index += 1) {
    const code = rearranged.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      // Letters count as two digits: A = 10 ... Z = 35.
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      return -1;
    }
  }
  return remainder;
}

/** The expected length of an IBAN from this country, or undefined when the country is not in the table. */
export function ibanLength(countryCode: string): number | undefined {
  return ibanLengths[countryCode];
}

const compactIbanShape = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;

/** A well-formed IBAN (no spaces, capitals): the country's length and a mod-97 remainder of 1. */
export function isIban(compact: string): boolean {
  if (!compactIbanShape.test(compact)) return false;
  const expected = ibanLength(compact.slice(0, 2));
  if (expected === undefined ? compact.length < 15 || compact.length > 34 : compact.length !== expected) return false;
  return ibanRemainder(compact) === 1;
}

/** The two check digits that make `country + "00" + bban` a valid IBAN (used to build test data). */
export function ibanCheckDigits(country: string, bban: string): string {
  const remainder = ibanRemainder(`${country}00${bban}`);
  return String(98 - remainder).padStart(2, "0");
}

/** Shannon entropy of a string, in bits per character (high for random keys, low for words). */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  const length = value.length;
  for (const count of counts.values()) {
    const probability = count / length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}
