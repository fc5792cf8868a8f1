import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ibanCheckDigits, luhnValid } from "./pii-checksums.js";
import { detectPii, isIpv6, redactPii, type PiiEntityType } from "./pii-detect.js";

/** The entities found in `text`, as `type:text` strings. */
function found(text: string, entities?: readonly PiiEntityType[]): string[] {
  return detectPii(text, entities).map((match) => `${match.type}:${match.text}`);
}

function expectOnly(type: PiiEntityType, value: string, context = (v: string) => `Contact: ${v} today.`): void {
  expect(found(context(value)), value).toEqual([`${type}:${value}`]);
}

// Keys are assembled from parts so the test file itself does not look like it leaks credentials.
const key = (...parts: string[]): string => parts.join("");

describe("detectPii: e-mail", () => {
  it("finds addresses, without the sentence's full stop", () => {
    expectOnly("email", "jane.doe+tag@example.co.uk");
    expect(found("write to ops@tuneops.dev.")).toEqual(["email:ops@tuneops.dev"]);
  });

  it("ignores handles and hosts without a domain", () => {
    expect(found("ping @jane or user@localhost, see a@b")).toEqual([]);
  });
});

describe("detectPii: phone", () => {
  it.each([
    "+1 415 555 2671",
    "+14155552671",
    "+44 20 7946 0958",
    "+44 (0)20 7946 0958",
    "+33 1 23 45 67 89",
    "+49 30 12345678",
    "(415) 555-2671",
    "415-555-2671",
    "415.555.2671",
    "1-800-555-0199",
    "020 7946 0958",
    "07700 900123",
    "01 23 45 67 89",
    "030 12345678",
    "0171-1234567",
  ])("finds %s", (phone) => expectOnly("phone", phone));

  it.each([
    "in 2024 and 1999",
    "on 2024-01-15 at 10:30",
    "on 15/01/2024",
    "on 01.02.2024",
    "on 01-02-2024 1130",
    "it costs $1,234.56 or 1 234 567,89 €",
    "€ 12.345.678,90",
    "order 5551234567",
    "version 10.0.19045",
    "ISBN 978-3-16-148410-0",
    "3 +5 = 8",
    "zip 94107-1234",
  ])("finds nothing in %s", (text) => expect(found(text)).toEqual([]));

  it("leaves the digits of IBANs, cards and SSNs to their own types", () => {
    expect(found("IBAN DE89 3704 0044 0532 0130 00")).toEqual(["iban:DE89 3704 0044 0532 0130 00"]);
    expect(found("card 4111 1111 1111 1111", ["phone"])).toEqual([]);
    expect(found("ssn 123-45-6789", ["phone"])).toEqual([]);
  });
});

describe("detectPii: credit card", () => {
  it.each(["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5500 0000 0000 0004", "3782 822463 10005", "6011 1111 1111 1117", "2223 0031 2200 3222"])(
    "finds %s",
    (card) => expectOnly("credit-card", card),
  );

  it("rejects a failed Luhn check, unknown issuers and longer numbers", () => {
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(found("4111 1111 1111 1112")).toEqual([]);
    expect(found("0000 0000 0000 0000")).toEqual([]);
    expect(found("1234 5678 9012 3456")).toEqual([]);
    expect(found("4111 1111 1111 1111 2222")).toEqual([]);
    expect(found("pi is 3.4111111111111111")).toEqual([]);
  });
});

describe("detectPii: IBAN", () => {
  it.each(["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300", "CH9300762011623852957"])(
    "finds %s",
    (iban) => expectOnly("iban", iban),
  );

  it("stops at the country's length when capitals follow", () => {
    expect(found("GB82 WEST 1234 5698 7654 32 BIC NWBKGB2L")).toEqual(["iban:GB82 WEST 1234 5698 7654 32"]);
  });

  it("rejects a wrong checksum and a wrong length", () => {
    expect(found("DE88 3704 0044 0532 0130 00", ["iban"])).toEqual([]);
    expect(found("DE89 3704 0044 0532 0130 0", ["iban"])).toEqual([]);
    expect(found("GB82 WEST 1234 5698 7654 33")).toEqual([]);
  });
});

describe("detectPii: US SSN", () => {
  it("finds valid numbers with one separator", () => {
    expectOnly("us-ssn", "123-45-6789");
    expectOnly("us-ssn", "123 45 6789");
  });

  it.each(["000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000", "123-45 6789", "123456789"])(
    "rejects %s",
    (ssn) => expect(found(`SSN ${ssn}`, ["us-ssn"])).toEqual([]),
  );
});

describe("detectPii: IP address", () => {
  it.each(["192.168.1.1", "10.0.0.255", "8.8.8.8", "2001:db8::1", "::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.128"])(
    "finds %s",
    (ip) => expectOnly("ip-address", ip),
  );

  it.each(["256.1.1.1", "1.2.3", "192.168.01.1", "1.2.3.4.5", "12:30:45", "00:1A:2B:3C:4D:5E", "std::vector", "a:::b", "1:2:3:4:5:6:7:8:9"])(
    "finds no address in %s",
    (text) => expect(found(`host ${text} here`, ["ip-address"])).toEqual([]),
  );

  it("validates IPv6 text forms", () => {
    expect(isIpv6("1:2:3:4:5:6:7:8")).toBe(true);
    expect(isIpv6("1:2:3:4:5:6:7")).toBe(false);
    expect(isIpv6("1::2::3")).toBe(false);
    expect(isIpv6("::")).toBe(false);
    expect(isIpv6("1:2:3:4:5:6:1.2.3.4")).toBe(true);
    expect(isIpv6("1.2.3.4::1")).toBe(false);
  });
});

describe("detectPii: secrets", () => {
  const jwt = key("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0", ".", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
  it.each([
    ["OpenAI", key("sk-", "proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z")],
    ["OpenAI legacy", key("sk-", "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6hIj9kLm2n")],
    ["Anthropic", key("sk-", "ant-api03-", "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCdEfGhIjKlMnOp_QrStUv")],
    ["AWS", key("AKIA", "IOSFODNN7EXAMPLE")],
    ["GitHub classic", key("ghp_", "aB3dE6fG9hI2jK5lM8nO1pQ4rS7tU0vW3xY6")],
    ["GitHub fine-grained", key("github_pat_", "11ABCDEFG0abcdefghijkl_MNOPQRSTUVWXYZ0123456789")],
    ["Slack", key("xoxb-", "1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")],
    ["Google", key("AIza", "SyD-1234567890abcdefghijklmnopqrstu")],
    ["Stripe", key("sk_", "live_", "4eC39HqLyjWDarjtT1zdp7dc")],
    ["JWT", jwt],
    ["PEM", key("-----BEGIN RSA ", "PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA ", "PRIVATE KEY-----")],
  ])("finds a %s key", (_name, secret) => expectOnly("secret", secret, (value) => `config:\n${value}\nend`));

  it("finds the value of generic assignments, not the name", () => {
    expect(found('api_key = "f3a9c2e7b1d84c6a9e0f"')).toEqual(["secret:f3a9c2e7b1d84c6a9e0f"]);
    expect(found("PASSWORD: Tr0ub4dor&3xyzQ9vLm2")).toEqual([]); // & ends the value before 16 characters
    expect(found("Authorization: Bearer a8Kd93LmQz0Xy7Tb2Wn5")).toEqual(["secret:a8Kd93LmQz0Xy7Tb2Wn5"]);
  });

  it.each(["sk-learn-is-a-python-library", "api_key = YOUR_API_KEY_HERE", "password: hunter2", "token = aaaaaaaaaaaaaaaaaaaaaa", "the secret is patience"])(
    "ignores %s",
    (text) => expect(found(text)).toEqual([]),
  );
});

describe("detectPii: common non-PII", () => {
  it.each([
    "id 550e8400-e29b-41d4-a716-446655440000",
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
    "at 2024-01-15T10:30:00Z and 2024-01-15 10:30:00.123",
    "color #ff0000, coordinates 48.8566, 2.3522",
    "Windows 10.0.19045.3803, node v20.11.1, Python 3.12.1",
    "population 67,750,000 (2023), GDP $2.78 trillion",
    "ratio 16:9, time 12:30:45.123",
    "In 1969-1972, 12 people walked on the Moon.",
    "EAN 4006381333931, ISBN-13 978-0-306-40615-7",
    "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "The Bearer token is configured in settings",
  ])("finds nothing in %s", (text) => expect(found(text)).toEqual([]));
});

describe("detectPii: options and order", () => {
  it("reports matches in order of position and only the requested types", () => {
    const text = "Mail jane@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111.";
    expect(detectPii(text).map((match) => match.type)).toEqual(["email", "phone", "credit-card"]);
    expect(found(text, ["credit-card"])).toEqual(["credit-card:4111 1111 1111 1111"]);
    const email = detectPii(text)[0];
    expect(email === undefined ? "" : text.slice(email.start, email.end)).toBe("jane@example.com");
  });

  it("redacts with typed placeholders", () => {
    expect(redactPii("Mail jane@example.com or 123-45-6789 from 10.0.0.1")).toBe("Mail [EMAIL] or [US_SSN] from [IP_ADDRESS]");
    expect(redactPii("card 4111 1111 1111 1111", ["email"])).toBe("card 4111 1111 1111 1111");
    expect(redactPii("nothing here")).toBe("nothing here");
  });
});

// --- property: generated PII is found exactly, and redaction removes it ---------------------------------
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (length: number) => fc.array(digit, { minLength: length, maxLength: length }).map((list) => list.join(""));
const lowerWord = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 1, maxLength: 8 });
const alphanumeric = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), minLength: length, maxLength: length });

function withLuhnDigit(body: string): string {
  for (let check = 0; check <= 9; check += 1) if (luhnValid(`${body}${check}`)) return `${body}${check}`;
  throw new Error("unreachable");
}

function groupsOfFour(value: string): string {
  return value.replace(/(.{4})(?=.)/g, "$1 ");
}

const piece: fc.Arbitrary<{ type: PiiEntityType | "word"; text: string }> = fc.oneof(
  lowerWord.map((text) => ({ type: "word" as const, text })),
  fc.tuple(lowerWord, lowerWord, fc.constantFrom("com", "org", "io", "co.uk")).map(([local, domain, tld]) => ({ type: "email" as const, text: `${local}@${domain}.${tld}` })),
  fc.tuple(digits(14), fc.boolean()).map(([body, spaced]) => {
    const card = withLuhnDigit(`4${body}`);
    return { type: "credit-card" as const, text: spaced ? groupsOfFour(card) : card };
  }),
  fc.tuple(digits(18), fc.boolean()).map(([bban, spaced]) => {
    const iban = `DE${ibanCheckDigits("DE", bban)}${bban}`;
    return { type: "iban" as const, text: spaced ? groupsOfFour(iban) : iban };
  }),
  fc
    .tuple(fc.integer({ min: 1, max: 899 }).filter((area) => area !== 666), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
    .map(([area, group, serial]) => ({
      type: "us-ssn" as const,
      text: `${String(area).padStart(3, "0")}-${String(group).padStart(2, "0")}-${String(serial).padStart(4, "0")}`,
    })),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((octets) => ({ type: "ip-address" as const, text: octets.join(".") })),
  fc.tuple(fc.integer({ min: 1, max: 99 }), digits(3), digits(3), digits(4)).map(([country, a, b, c]) => ({ type: "phone" as const, text: `+${country} ${a} ${b} ${c}` })),
  fc.string({ unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), minLength: 16, maxLength: 16 }).map((body) => ({ type: "secret" as const, text: `AKIA${body}` })),
  alphanumeric(36).map((body) => ({ type: "secret" as const, text: `ghp_${body}` })),
);

describe("detectPii and redactPii: properties", () => {
  it("finds every generated entity at its place, and the redacted text contains none of them", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.constantFrom(" and ", "; ", "\n", ", ")), { minLength: 1, maxLength: 8 }), (parts) => {
        let text = "";
        const expected: string[] = [];
        for (const [part, separator] of parts) {
          if (part.type !== "word") expected.push(`${part.type}@${text.length}:${part.text}`);
          text += part.text + separator;
        }
        const matches = detectPii(text);
        expect(matches.map((match) => `${match.type}@${match.start}:${match.text}`)).toEqual(expected);
        const redacted = redactPii(text);
        for (const match of matches) expect(redacted.includes(match.text)).toBe(false);
        expect(detectPii(redacted)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws and returns ordered, non-overlapping spans on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const matches = detectPii(text);
        for (let index = 0; index < matches.length; index += 1) {
          const match = matches[index];
          if (match === undefined) continue;
          expect(text.slice(match.start, match.end)).toBe(match.text);
          const previous = matches[index - 1];
          if (previous !== undefined) expect(previous.end).toBeLessThanOrEqual(match.start);
        }
      }),
    );
  });
});
