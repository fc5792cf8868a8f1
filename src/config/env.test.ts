import { describe, expect, it } from "vitest";
import { environmentHas, parseEnvironment, readSecret } from "./env.js";

describe("parseEnvironment", () => {
  it("gives defaults for an empty environment", () => {
    expect(parseEnvironment({})).toEqual({ CI: false, NO_COLOR: false });
  });

  it("reads URLs, flags and paths", () => {
    const environment = parseEnvironment({
      TUNEOPS_DATABASE_URL: "postgres://u:p@localhost:5432/tuneops",
      TUNEOPS_REDIS_URL: "redis://localhost:6379",
      TUNEOPS_GGUF: "/models/tiny.gguf",
      CI: "true",
      NO_COLOR: "1",
      TUNEOPS_HOME: "/var/tuneops",
    });
    expect(environment).toEqual({
      TUNEOPS_DATABASE_URL: "postgres://u:p@localhost:5432/tuneops",
      TUNEOPS_REDIS_URL: "redis://localhost:6379",
      TUNEOPS_GGUF: "/models/tiny.gguf",
      CI: true,
      NO_COLOR: true,
      TUNEOPS_HOME: "/var/tuneops",
    });
  });

  it("treats empty, 0 and false as off and empty strings as unset", () => {
    expect(parseEnvironment({ CI: "false", NO_COLOR: "", TUNEOPS_DATABASE_URL: "" })).toEqual({ CI: false, NO_COLOR: false });
    expect(parseEnvironment({ CI: "0" }).CI).toBe(false);
  });

  it("rejects a database URL of the wrong kind, naming the variable", () => {
    expect(() => parseEnvironment({ TUNEOPS_DATABASE_URL: "mysql://localhost/x" })).toThrow(/TUNEOPS_DATABASE_URL: expected a URL like postgres:/);
    expect(() => parseEnvironment({ TUNEOPS_REDIS_URL: "localhost:6379" })).toThrow(/TUNEOPS_REDIS_URL/);
  });
});

describe("readSecret", () => {
  it("reads a named variable and treats empty as unset", () => {
    process.env.TUNEOPS_TEST_SECRET = "s3cret";
    process.env.TUNEOPS_TEST_EMPTY = "";
    try {
      expect(readSecret("TUNEOPS_TEST_SECRET")).toBe("s3cret");
      expect(readSecret("TUNEOPS_TEST_EMPTY")).toBeUndefined();
      expect(readSecret("TUNEOPS_TEST_UNSET_VARIABLE")).toBeUndefined();
      expect(environmentHas("TUNEOPS_TEST_SECRET")).toBe(true);
      expect(environmentHas("TUNEOPS_TEST_EMPTY")).toBe(false);
    } finally {
      delete process.env.TUNEOPS_TEST_SECRET;
      delete process.env.TUNEOPS_TEST_EMPTY;
    }
  });
});
