import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, tempProject } from "../support/cli.js";
import { needs, testChromiumPath } from "../support/services.js";

const project = `project: voting
datasets:
  qa: { path: qa.jsonl }
providers:
  model_alpha: { type: simulated, response: expected }
  model_beta: { type: simulated, response: echo }
evals:
  qa:
    dataset: qa
    candidates:
      - provider: model_alpha
      - provider: model_beta
    scorers:
      - type: exact-match
`;

const cases = Array.from({ length: 4 }, (_, index) => JSON.stringify({ id: `q${index}`, input: `What is ${index} plus one?`, expected: `It is ${index + 1}.` })).join("\n");

/** How long to wait for the page to show an answer from the server (the test machine may be busy). */
const patience = { timeout: 20_000, interval: 50 };

describe("tuneops serve: arena voting page in Chromium", needs("chromium"), () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: testChromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows blind pairs side by side, takes votes by keyboard and click, shows progress, and stores every vote", async () => {
    const dir = await tempProject({ "tuneops.yaml": project, "qa.jsonl": cases });
    const evaluated = await runCli(["eval"], { cwd: dir });
    expect(evaluated.code, evaluated.stderr).toBe(0);

    const server = startCli(["serve", "--port", "0"], { cwd: dir });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        server.child.stdout?.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(seen);
          if (match) resolve(match[1]!);
        });
        void server.done.then((result) => reject(new Error(`serve exited: ${result.stderr}`)));
      });
      const page = await browser.newPage();
      await page.goto(`${url}?voter=tester`);
      const progress = page.locator("#progress");
      await expect.poll(() => progress.textContent(), patience).toBe("0 of 4 voted");
      const left = await page.locator("#left").textContent();
      const right = await page.locator("#right").textContent();
      expect(left).not.toBe("");
      expect(right).not.toBe("");
      expect(left).not.toBe(right);
      expect(await page.locator("#case").textContent()).toContain("plus one?");
      // Blind: no model name anywhere on the page.
      expect(await page.content()).not.toMatch(/model_alpha|model_beta/);

      await page.keyboard.press("a");
      await expect.poll(() => progress.textContent(), patience).toBe("1 of 4 voted");
      await page.keyboard.press("b");
      await expect.poll(() => progress.textContent(), patience).toBe("2 of 4 voted");
      const beforeSkip = await page.locator("#case").textContent();
      await page.keyboard.press("s");
      await expect.poll(() => page.locator("#case").textContent(), patience).not.toBe(beforeSkip);
      expect(await progress.textContent()).toBe("2 of 4 voted");
      await page.keyboard.press("t");
      await expect.poll(() => progress.textContent(), patience).toBe("3 of 4 voted");
      // The skipped pair comes back last.
      expect(await page.locator("#case").textContent()).toBe(beforeSkip);
      await page.getByRole("button", { name: /A is better/ }).click();
      await expect.poll(() => progress.textContent(), patience).toBe("4 of 4 voted");
      await expect.poll(() => page.locator("#finished").isVisible(), patience).toBe(true);
      await page.close();
    } finally {
      server.child.kill("SIGTERM");
      const stopped = await server.done;
      expect(stopped.code).toBe(0);
    }

    const rated = await runCli(["arena", "rate", "--json", "--source", "human"], { cwd: dir });
    expect(rated.code, rated.stderr).toBe(0);
    const ratings = JSON.parse(rated.stdout) as { battles: number; models: { model: string; battles: number; ties: number }[] };
    expect(ratings.battles).toBe(4);
    expect(ratings.models.map((model) => model.model).sort()).toEqual(["model_alpha", "model_beta"]);
    expect(ratings.models[0]!.ties).toBe(1);

    const judges = await runCli(["arena", "judges", "--json"], { cwd: dir });
    const quality = JSON.parse(judges.stdout) as { judge: string; battles: number; first_shown_wins: { n: number } }[];
    expect(quality).toEqual([expect.objectContaining({ judge: "human:tester", battles: 4, first_shown_wins: expect.objectContaining({ n: 3 }) })]);
  });
});
