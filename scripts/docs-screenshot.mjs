#!/usr/bin/env node
// Makes docs/images/quickstart-report.png, the README's picture: the quickstart's FAQ report as
// Chromium shows it. Usage: node scripts/docs-screenshot.mjs [chromium] (after npm run build).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const executablePath = process.argv[2] ?? process.env.TUNEOPS_TEST_CHROMIUM ?? "/usr/bin/chromium";
const work = mkdtempSync(join(tmpdir(), "tuneops-screenshot-"));
const cli = new URL("../bin/tuneops.js", import.meta.url).pathname;
execFileSync(process.execPath, [cli, "quickstart", "--no-detect"], { cwd: work, env: { ...process.env, CI: "true" }, stdio: "ignore" });
const browser = await chromium.launch({ executablePath, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = await browser.newPage({ viewport: { width: 1100, height: 1250 } });
await page.goto(`file://${join(work, "tuneops-quickstart/reports/faq.html")}`);
const target = new URL("../docs/images/quickstart-report.png", import.meta.url).pathname;
await page.screenshot({ path: target });
await browser.close();
console.log(`wrote ${target}`);
