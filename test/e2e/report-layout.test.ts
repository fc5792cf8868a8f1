import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/spec/run-summary.js";
import { fixtureExtras, fixtureSummary } from "../../src/report/__fixtures__/run-summary.fixture.js";
import { renderHtml } from "../../src/report/render-html.js";
import type { ReportExtras } from "../../src/report/report-extras.js";
import { needs, testChromiumPath } from "../support/services.js";

/** Ids and texts as long as real ones get: dated model ids, long scorer names, unbroken error text. */
const longNames: Record<string, string> = {
  "gpt-mini": "openai-gpt-4o-mini-2024-07-18-with-the-support-system-prompt-v12",
  "local-qwen": "local-qwen2.5-7b-instruct-q4_k_m-finetuned-support-triage-lora-r16",
  "sim-fast": "simulated-fast-baseline-that-answers-with-the-expected-label-always",
  exact_match: "exact_match_after_lowercasing_and_stripping_punctuation_and_whitespace",
};

function lengthen<T>(value: T): T {
  let text = JSON.stringify(value);
  for (const [short, long] of Object.entries(longNames)) text = text.replaceAll(`"${short}"`, `"${long}"`).replaceAll(`${short} `, `${long} `);
  return JSON.parse(text) as T;
}

interface Layout {
  page: number;
  tables: { heading: string; scroll: number; client: number; width: number }[];
}

function longReport(): { summary: RunSummary; extras: ReportExtras } {
  const extras = lengthen(fixtureExtras());
  const firstError = extras.errors?.[0];
  if (firstError) firstError.firstMessage = `upstream said: ${"x".repeat(300)} (request id req_${"0123456789abcdef".repeat(8)})`;
  return { summary: lengthen(fixtureSummary()), extras };
}

describe("the HTML report at 1280 px", needs("chromium"), () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: testChromiumPath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("wraps long ids and texts in its tables instead of overflowing the page or the tables' boxes", async () => {
    const { summary, extras } = longReport();
    const html = renderHtml(summary, extras);
    expect(html).toContain(longNames["gpt-mini"]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.setContent(html);
      // Evaluated in the page (the tests' TypeScript has no DOM types), measured after layout.
      const measured = await page.evaluate(`JSON.stringify({
        page: document.documentElement.scrollWidth,
        tables: [...document.querySelectorAll("table")].map((table) => {
          const box = table.parentElement ?? table;
          return { heading: table.closest("section")?.querySelector("h2")?.textContent ?? "", scroll: box.scrollWidth, client: box.clientWidth, width: table.getBoundingClientRect().right };
        }),
      })`);
      const layout = JSON.parse(String(measured)) as Layout;
      if (process.env.TUNEOPS_REPORT_SCREENSHOT) await page.screenshot({ path: process.env.TUNEOPS_REPORT_SCREENSHOT, fullPage: process.env.TUNEOPS_REPORT_SCREENSHOT_FULL === "1" });
      expect(layout.tables.length).toBeGreaterThan(3);
      expect(layout.page).toBeLessThanOrEqual(1280);
      for (const table of layout.tables) {
        expect(table.scroll, `a table under "${table.heading}" scrolls sideways`).toBeLessThanOrEqual(table.client);
        expect(table.width, `a table under "${table.heading}" passes the page's edge`).toBeLessThanOrEqual(1280);
      }
    } finally {
      await page.close();
    }
  });
});
