import { describe, expect, it } from "vitest";
import { cardBrand, ibanCheckDigits, ibanRemainder, isCardNumber, isIban, luhnValid, shannonEntropy } from "./pii-checksums.js";

describe("luhnValid", () => {
  it("accepts the published test card numbers and rejects a changed digit", () => {
    for (const number of ["4111111111111111", "5500000000000004", "378282246310005", "6011111111111117", "3530111333300000", "79927398713"]) {
      expect(luhnValid(number)).toBe(true);
    }
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398710")).toBe(false);
    expect(luhnValid("")).toBe(false);
    expect(luhnValid("4111-1111")).toBe(false);
  });
});

describe("cardBrand", () => {
  it("names the network by issuer range and length", () => {
    expect(cardBrand("4111111111111111")).toBe("visa");
    expect(cardBrand("5500000000000004")).toBe("mastercard");
    expect(cardBrand("2223003122003222")).toBe("mastercard");
    expect(cardBrand("378282246310005")).toBe("amex");
    expect(cardBrand("6011111111111117")).toBe("discover");
    expect(cardBrand("3530111333300000")).toBe("jcb");
    expect(cardBrand("30569309025904")).toBe("diners");
  });

  it("rejects unknown prefixes and wrong lengths", () => {
    expect(cardBrand("1234567812345670")).toBeUndefined();
    expect(cardBrand("0000000000000000")).toBeUndefined();
    expect(cardBrand("37828224631000")).toBeUndefined(); // Amex is 15 digits
    expect(isCardNumber("0000000000000000")).toBe(false); // Luhn-valid, but no issuer
  });
});

describe("IBAN", () => {
  it("accepts registry examples", () => {
    for (const iban of ["DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300", "CH9300762011623852957", "NO9386011117947"]) {
      expect(isIban(iban)).toBe(true);
    }
  });

  it("rejects a wrong checksum, a wrong length and lower case", () => {
    expect(isIban("DE88370400440532013000")).toBe(false);
    expect(isIban("DE8937040044053201300")).toBe(false);
    expect(isIban("de89370400440532013000")).toBe(false);
    expect(ibanRemainder("DE89370400440532013000")).toBe(1);
  });

  it("computes check digits that validate", () => {
    expect(ibanCheckDigits("DE", "370400440532013000")).toBe("89");
    expect(isIban(`GB${ibanCheckDigits("GB", "WEST12345698765432")}WEST12345698765432`)).toBe(true);
  });
});

describe("shannonEntropy", () => {
  it("is 0 for one repeated character and log2(n) for n distinct ones", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBeCloseTo(2, 12);
    expect(shannonEntropy("0123456789abcdef")).toBeCloseTo(4, 12);
  });
});
