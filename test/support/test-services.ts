import { z } from "zod";

/**
 * The outside services some test suites talk to. Every suite that needs one runs when it is there and
 * is reported as skipped, with how to enable it, when it is not (see `needs` in services.ts); under
 * `TUNEOPS_TEST_REQUIRE` a missing service fails the run instead (`.ci/run` sets it).
 */
export const testServices = ["postgres", "redis", "chromium"] as const;
export type TestService = (typeof testServices)[number];

/** What a newcomer is told for each service that is missing: one line, how to get it. */
export const serviceLabels: Record<TestService, { name: string; enable: string }> = {
  postgres: {
    name: "PostgreSQL",
    enable: "start PostgreSQL with a database `test` that trusts local connections (sudo scripts/install-services.sh does both), or set TUNEOPS_TEST_DATABASE_URL",
  },
  redis: { name: "Redis", enable: "start Redis (sudo scripts/install-services.sh installs and starts it), or set TUNEOPS_TEST_REDIS_URL" },
  chromium: { name: "Chromium", enable: "install Chromium (sudo scripts/install-services.sh installs Debian's), or set TUNEOPS_TEST_CHROMIUM to its executable" },
};

const serviceList = z
  .string()
  .transform((value) => value.split(",").map((name) => name.trim()).filter((name) => name !== ""))
  .pipe(z.array(z.enum(testServices, { error: (issue) => `unknown service ${JSON.stringify(issue.input)}: expected a comma-separated list of ${testServices.join(", ")}` })));

const environmentSchema = z.object({
  TUNEOPS_TEST_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "expected a URL like postgres://user@host:5432/database" }).default("postgres://postgres@127.0.0.1:5432/test"),
  TUNEOPS_TEST_REDIS_URL: z.url({ protocol: /^redis$/, error: "expected a URL like redis://host:6379" }).default("redis://127.0.0.1:6379"),
  /** Debian's build, never a browser downloaded by Playwright. */
  TUNEOPS_TEST_CHROMIUM: z.string().min(1).default("/usr/bin/chromium"),
  /** Services whose absence fails the run (CI): `postgres,redis,chromium`, or `all`. */
  TUNEOPS_TEST_REQUIRE: z
    .string()
    .default("")
    .transform((value) => (value.trim() === "all" ? testServices.join(",") : value))
    .pipe(serviceList),
});

export interface TestServiceSettings {
  postgresUrl: string;
  redisUrl: string;
  chromiumPath: string;
  required: TestService[];
}

/** The test services' settings from the environment; a bad value names the variable and what it expects. */
export function testServiceSettings(environment: NodeJS.ProcessEnv = process.env): TestServiceSettings {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join("; ");
    const error = new Error(`bad test service settings in the environment: ${issues}`);
    error.stack = error.message; // a user's setting, not a fault of the code: no stack under it
    throw error;
  }
  const values = parsed.data;
  return { postgresUrl: values.TUNEOPS_TEST_DATABASE_URL, redisUrl: values.TUNEOPS_TEST_REDIS_URL, chromiumPath: values.TUNEOPS_TEST_CHROMIUM, required: values.TUNEOPS_TEST_REQUIRE };
}

/** One service's probe result: there, or why not. */
export type ServiceProbe = { available: true } | { available: false; reason: string };
export type ServiceProbes = Record<TestService, ServiceProbe>;
