import { defineConfig } from "vitest/config";

/** A run with the project's service probes and skip reporter over one fixture file (services.test.ts runs it). */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["*.fixture.ts"],
    globalSetup: ["../../services-setup.ts"],
    reporters: ["default", "../../service-skip-reporter.ts"],
    tags: [{ name: "postgres" }, { name: "redis" }, { name: "chromium" }],
  },
});
