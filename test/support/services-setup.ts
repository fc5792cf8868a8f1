import type { TestProject } from "vitest/node";
import { probeServices } from "./probe-services.js";
import { serviceLabels, testServiceSettings } from "./test-services.js";

/**
 * Vitest's global setup: probes PostgreSQL, Redis and Chromium once for the whole run and hands the
 * results to the test files (`needs` in services.ts). A service named in TUNEOPS_TEST_REQUIRE that
 * does not answer fails the run here, before any test, so CI never passes by skipping.
 */
export default async function setup(project: TestProject): Promise<void> {
  const settings = testServiceSettings();
  const probes = await probeServices(settings);
  project.provide("tuneopsServices", probes);
  const failures: string[] = [];
  for (const service of settings.required) {
    const probe = probes[service];
    if (!probe.available) failures.push(`${serviceLabels[service].name}: ${probe.reason}; to fix: ${serviceLabels[service].enable}`);
  }
  if (failures.length > 0) {
    const error = new Error(`TUNEOPS_TEST_REQUIRE=${settings.required.join(",")} but ${failures.length === 1 ? "a required service is" : "required services are"} missing:\n  ${failures.join("\n  ")}`);
    error.stack = error.message; // the message says it all: no stack of vitest internals under it
    throw error;
  }
}
