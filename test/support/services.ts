import { inject, type TestOptions } from "vitest";
import { testServiceSettings, type ServiceProbes, type TestService } from "./test-services.js";

export type { TestService } from "./test-services.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Which test services answered the global setup's probes (test/support/services-setup.ts). */
    tuneopsServices: ServiceProbes;
  }
}

declare module "@vitest/runner" {
  interface TaskMeta {
    /** The services a skipped suite or test needed, each with why it was missing (read by the skip reporter). */
    missingServices?: Partial<Record<TestService, string>>;
  }
}

const settings = testServiceSettings();

/** Where the tests find each service (the same environment variables the probes read). */
export const testPostgresUrl = settings.postgresUrl;
export const testRedisUrl = settings.redisUrl;
export const testChromiumPath = settings.chromiumPath;

/**
 * Test options for a suite or test that talks to outside services: it runs when every one of them
 * answered the global setup's probe, and is skipped otherwise, the reporter counting it under the
 * missing service with how to enable it. Hooks of a skipped suite do not run, so connect in
 * `beforeAll`, never at the top level of the file.
 *
 *     describe("the PostgreSQL store", needs("postgres"), () => { ... });
 *     it("votes in the browser", needs("chromium"), async () => { ... });
 */
export function needs(...services: [TestService, ...TestService[]]): TestOptions {
  const probes = inject("tuneopsServices");
  if (probes === undefined) throw new Error("the test services were not probed: run the tests with the project's vitest.config.ts, whose globalSetup probes them");
  const missing: Partial<Record<TestService, string>> = {};
  for (const service of services) {
    const probe = probes[service];
    if (!probe.available) missing[service] = probe.reason;
  }
  const skip = Object.keys(missing).length > 0;
  return { tags: services, skip, ...(skip ? { meta: { missingServices: missing } } : {}) };
}

/** Whether a service answered its probe, for code that must choose without a suite (a table of dialects). */
export function hasService(service: TestService): boolean {
  return inject("tuneopsServices")?.[service].available === true;
}
