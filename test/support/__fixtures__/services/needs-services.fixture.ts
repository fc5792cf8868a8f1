import { describe, expect, it } from "vitest";
import { needs } from "../../services.js";

it("runs everywhere", () => {
  expect(1 + 1).toBe(2);
});

describe("talks to PostgreSQL", needs("postgres"), () => {
  it("first", () => {
    expect(process.env.FIXTURE_POSTGRES_UP).toBe("yes");
  });
  it("second", () => {
    expect(process.env.FIXTURE_POSTGRES_UP).toBe("yes");
  });
});

it.skip("skipped by its author, not for a service", () => {});

it("talks to Redis and Chromium", needs("redis", "chromium"), () => {
  expect(process.env.FIXTURE_REDIS_UP).toBe("yes");
});
