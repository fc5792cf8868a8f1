import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Probes PostgreSQL, Redis and Chromium once; suites that need a missing one are skipped with a reason
    // (test/support/services.ts), and the reporter below counts them after the summary.
    globalSetup: ["test/support/services-setup.ts"],
    reporters: ["default", "./test/support/service-skip-reporter.ts"],
    tags: [
      { name: "postgres", description: "needs PostgreSQL (TUNEOPS_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)" },
      { name: "redis", description: "needs Redis (TUNEOPS_TEST_REDIS_URL, default redis://127.0.0.1:6379)" },
      { name: "chromium", description: "needs Chromium (TUNEOPS_TEST_CHROMIUM, default /usr/bin/chromium)" },
    ],
  },
});
