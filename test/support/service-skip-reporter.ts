import type { Reporter, TestModule } from "vitest/node";
import { serviceLabels, testServices, type TestService } from "./test-services.js";

interface SkippedService {
  tests: number;
  files: Set<string>;
  reasons: Set<string>;
}

/**
 * Prints, after vitest's own summary, how many tests were skipped because a service was missing,
 * with the reason and one line on how to enable each service: a skipped suite is never a silent pass.
 */
export default class ServiceSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = new Map<TestService, SkippedService>();
    let total = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const missing = test.meta().missingServices;
        if (missing === undefined || test.result().state !== "skipped") continue;
        total += 1;
        for (const service of testServices) {
          const reason = missing[service];
          if (reason === undefined) continue;
          const entry = skipped.get(service) ?? { tests: 0, files: new Set<string>(), reasons: new Set<string>() };
          entry.tests += 1;
          entry.files.add(testModule.moduleId);
          entry.reasons.add(reason);
          skipped.set(service, entry);
        }
      }
    }
    if (total === 0) return;
    const lines = [`\n Services  ${total} ${total === 1 ? "test" : "tests"} skipped because a service they need is missing (TUNEOPS_TEST_REQUIRE=postgres,redis,chromium makes that a failure):`];
    for (const [service, entry] of skipped) {
      const label = serviceLabels[service];
      lines.push(`   ${label.name}: ${entry.tests} ${entry.tests === 1 ? "test" : "tests"} in ${entry.files.size} ${entry.files.size === 1 ? "file" : "files"} skipped, ${[...entry.reasons].join("; ")}`);
      lines.push(`     to run them: ${label.enable}`);
    }
    process.stdout.write(`${lines.join("\n")}\n\n`);
  }
}
