import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentRetriever } from "./document-retriever.js";
import { renderTemplate as render } from "./testing/render-template.js";

const filler = "This paragraph is padded with enough ordinary words so that it stands on its own as a passage in the index.";

describe("createDocumentRetriever", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "tuneops-documents-"));
    await mkdir(join(folder, "policies", "deep"), { recursive: true });
    await writeFile(join(folder, "policies", "refunds.md"), `# Refunds\n\nRefunds are paid within 14 days to the original card. ${filler}\n\nShipping costs are not refunded. ${filler}`);
    await writeFile(join(folder, "policies", "deep", "hours.txt"), `Our support line is open 9:00 to 17:00 on weekdays. ${filler}`);
    await writeFile(join(folder, "notes.json"), `{"text": "refunds refunds refunds"}`);
    await mkdir(join(folder, ".git"));
    await writeFile(join(folder, ".git", "refunds.md"), "refunds refunds refunds refunds");
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const retriever = (overrides: Partial<Parameters<typeof createDocumentRetriever>[0]> = {}) =>
    createDocumentRetriever({ name: "docs", folder, queryTemplate: "{{ input }}", topK: 2, render, ...overrides });

  it("finds the passages that answer the case's query, with their file and passage number", async () => {
    const passages = await retriever().retrieve({ vars: { input: "How long do refunds take to reach my card?" } });
    expect(passages[0]).toMatchObject({ source: "policies/refunds.md#1" });
    expect(passages[0]?.text).toContain("# Refunds\n\nRefunds are paid within 14 days");
    expect(passages[0]?.score).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(2);
  });

  it("searches sub-folders, only .txt and .md files, and skips hidden folders", async () => {
    const hours = await retriever({ topK: 5 }).retrieve({ vars: { input: "when is support open on weekdays" } });
    expect(hours[0]?.source).toBe("policies/deep/hours.txt#1");
    const sources = (await retriever({ topK: 10 }).retrieve({ vars: { input: "refunds" } })).map((passage) => passage.source);
    expect(sources).toEqual(["policies/refunds.md#1", "policies/refunds.md#2"]);
  });

  it("renders the query template from the case's fields", async () => {
    const passages = await retriever({ queryTemplate: "shipping {{ topic }}" }).retrieve({ vars: { topic: "costs" } });
    expect(passages[0]?.source).toBe("policies/refunds.md#2");
  });

  it("returns nothing for a query that matches no passage", async () => {
    expect(await retriever().retrieve({ vars: { input: "zebra" } })).toEqual([]);
  });

  it("names a missing folder, and is usable once it exists", async () => {
    const missing = join(folder, "later");
    const later = retriever({ folder: missing });
    await expect(later.prepare?.()).rejects.toMatchObject({ code: "input_invalid", message: expect.stringContaining(missing), location: { file: missing } });
    await mkdir(missing);
    await writeFile(join(missing, "a.md"), `Zebras are striped. ${filler}`);
    expect((await later.retrieve({ vars: { input: "zebra" } }))[0]?.source).toBe("a.md#1");
  });

  it("rejects a folder without documents", async () => {
    const empty = await mkdtemp(join(tmpdir(), "tuneops-empty-"));
    try {
      await expect(retriever({ folder: empty }).retrieve({ vars: { input: "x" } })).rejects.toMatchObject({ code: "input_invalid", message: expect.stringContaining(empty) });
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  it("rejects an aborted call", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(retriever().retrieve({ vars: { input: "refunds" }, signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
  });
});
