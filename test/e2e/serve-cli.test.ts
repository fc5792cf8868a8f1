import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "../support/cli.js";

describe("tuneops serve", () => {
  it("refuses a non-loopback address without an access token unless --allow-remote is given", async () => {
    const cwd = await tempProject({ "tuneops.yaml": "project: demo\n" });
    const refused = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--host 0.0.0.0 is not a loopback address and no access token is set");
    expect(refused.stderr).toContain("--allow-remote");
    const noToken = await runCli(["serve", "--token-env", "TUNEOPS_TEST_UNSET_TOKEN", "--port", "0"], { cwd });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("--token-env TUNEOPS_TEST_UNSET_TOKEN: the variable is not set");
  });
});
