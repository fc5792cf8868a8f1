import { describe, expect, it } from "vitest";
import { testServiceSettings } from "./test-services.js";

describe("testServiceSettings", () => {
  it("defaults to the services of a development machine and requires none", () => {
    expect(testServiceSettings({})).toEqual({ postgresUrl: "postgres://postgres@127.0.0.1:5432/test", redisUrl: "redis://127.0.0.1:6379", chromiumPath: "/usr/bin/chromium", required: [] });
  });

  it("reads the places and the required services from the environment", () => {
    const settings = testServiceSettings({ TUNEOPS_TEST_DATABASE_URL: "postgres://u@db:5433/t", TUNEOPS_TEST_REDIS_URL: "redis://cache:6380", TUNEOPS_TEST_CHROMIUM: "/opt/chromium/chrome", TUNEOPS_TEST_REQUIRE: " postgres, chromium ," });
    expect(settings).toEqual({ postgresUrl: "postgres://u@db:5433/t", redisUrl: "redis://cache:6380", chromiumPath: "/opt/chromium/chrome", required: ["postgres", "chromium"] });
    expect(testServiceSettings({ TUNEOPS_TEST_REQUIRE: "all" }).required).toEqual(["postgres", "redis", "chromium"]);
  });

  it("names the variable and the expected values when one is wrong", () => {
    expect(() => testServiceSettings({ TUNEOPS_TEST_REQUIRE: "postgres,mysql" })).toThrow(/TUNEOPS_TEST_REQUIRE: unknown service "mysql": expected a comma-separated list of postgres, redis, chromium/);
    expect(() => testServiceSettings({ TUNEOPS_TEST_DATABASE_URL: "localhost:5432" })).toThrow(/TUNEOPS_TEST_DATABASE_URL/);
  });
});
