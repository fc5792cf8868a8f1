import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const fixtureConfig = new URL("__fixtures__/services/vitest.config.ts", import.meta.url).pathname;

interface Run {
  code: number | null;
  output: string;
}

/** A vitest run of the fixture file with the project's probes and reporter, in its own process. */
function runFixture(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", fixtureConfig], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", CI: "true", TUNEOPS_TEST_REQUIRE: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

let folder: string;
let closedUrls: { postgres: string; redis: string; chromium: string };
let redis: Server;
let redisPort: number;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "tuneops-services-"));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  closedUrls = { postgres: `postgres://postgres@127.0.0.1:${closedPort}/test`, redis: `redis://127.0.0.1:${closedPort}`, chromium: join(folder, "no-chromium") };
  redis = createServer((socket) => socket.on("data", () => socket.write("+PONG\r\n")));
  await new Promise<void>((resolve) => redis.listen(0, "127.0.0.1", resolve));
  redisPort = (redis.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => redis.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

describe("tests that need services", () => {
  it("are skipped on a machine without them, counted by service with the reason and how to enable it", async () => {
    const run = await runFixture({ TUNEOPS_TEST_DATABASE_URL: closedUrls.postgres, TUNEOPS_TEST_REDIS_URL: closedUrls.redis, TUNEOPS_TEST_CHROMIUM: closedUrls.chromium });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Tests\s+1 passed \| 4 skipped \(5\)/);
    expect(run.output).toContain("3 tests skipped because a service they need is missing");
    expect(run.output).toContain(`PostgreSQL: 2 tests in 1 file skipped, no PostgreSQL at ${closedUrls.postgres} (`);
    expect(run.output).toContain(`Redis: 1 test in 1 file skipped, no Redis at ${closedUrls.redis} (`);
    expect(run.output).toContain(`Chromium: 1 test in 1 file skipped, no Chromium executable at ${closedUrls.chromium} (`);
    expect(run.output).toContain("to run them: start PostgreSQL with a database `test`");
    expect(run.output).toContain("sudo scripts/install-services.sh");
  });

  it("run when their services answer, and fail the run when one is required but missing", async () => {
    const chromium = join(folder, "chromium");
    await writeFile(chromium, "#!/bin/sh\n");
    await chmod(chromium, 0o755);
    const present = await runFixture({
      TUNEOPS_TEST_DATABASE_URL: closedUrls.postgres,
      TUNEOPS_TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      TUNEOPS_TEST_CHROMIUM: chromium,
      FIXTURE_REDIS_UP: "yes",
      TUNEOPS_TEST_REQUIRE: "redis,chromium",
    });
    expect(present.code, present.output).toBe(0);
    expect(present.output).toMatch(/Tests\s+2 passed \| 3 skipped \(5\)/);
    expect(present.output).toContain("PostgreSQL: 2 tests in 1 file skipped");
    expect(present.output).not.toContain("Redis: ");

    const required = await runFixture({ TUNEOPS_TEST_DATABASE_URL: closedUrls.postgres, TUNEOPS_TEST_REDIS_URL: closedUrls.redis, TUNEOPS_TEST_CHROMIUM: chromium, TUNEOPS_TEST_REQUIRE: "postgres,redis,chromium" });
    expect(required.code).toBe(1);
    expect(required.output).toContain("TUNEOPS_TEST_REQUIRE=postgres,redis,chromium but required services are missing:");
    expect(required.output).toContain(`PostgreSQL: no PostgreSQL at ${closedUrls.postgres}`);
    expect(required.output).toContain(`Redis: no Redis at ${closedUrls.redis}`);
    expect(required.output).not.toMatch(/Tests\s+\d+ passed/);
  });
});
