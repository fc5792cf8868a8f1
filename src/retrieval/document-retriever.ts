import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { TuneopsError } from "../spec/errors.js";
import type { RetrievedPassage } from "../spec/result.js";
import type { RetrieverV1 } from "../spec/retriever.js";
import { Bm25Index } from "./bm25.js";
import { splitPassages } from "./split-passages.js";

/** Renders a template (Liquid in the product) with a case's fields. */
export type RenderTemplate = (template: string, vars: Record<string, unknown>) => string;

export interface DocumentRetrieverOptions {
  /** The retriever's name in tuneops.yaml (used in messages). */
  name: string;
  /** Folder of .txt/.md documents, searched recursively. */
  folder: string;
  /** Template of the search query, e.g. `{{ input }}`. */
  queryTemplate: string;
  /** Passages returned per case. */
  topK: number;
  render: RenderTemplate;
}

const documentExtensions = /\.(txt|md)$/i;

/** BM25 over the paragraphs of a folder of text and Markdown files: RAG without a vector store. */
export function createDocumentRetriever(options: DocumentRetrieverOptions): RetrieverV1 {
  let loading: Promise<{ index: Bm25Index; passages: { source: string; text: string }[] }> | undefined;

  const load = (): NonNullable<typeof loading> => {
    loading ??= buildIndex(options).catch((error: unknown) => {
      // A failed load (folder not there yet) is retried on the next call rather than remembered.
      loading = undefined;
      throw error;
    });
    return loading;
  };

  return {
    specificationVersion: "v1",
    name: options.name,
    async prepare() {
      await load();
    },
    async retrieve(request): Promise<RetrievedPassage[]> {
      if (request.signal?.aborted) throw new TuneopsError({ code: "aborted", message: `Retrieval "${options.name}" was aborted.`, cause: request.signal.reason });
      const { index, passages } = await load();
      const query = options.render(options.queryTemplate, { ...request.vars });
      return index.search(query, options.topK).flatMap((hit) => {
        const passage = passages[hit.index];
        return passage ? [{ source: passage.source, text: passage.text, score: hit.score }] : [];
      });
    },
    async close() {
      loading = undefined;
    },
  };
}

async function buildIndex(options: DocumentRetrieverOptions): Promise<{ index: Bm25Index; passages: { source: string; text: string }[] }> {
  const files = await listDocuments(options);
  const index = new Bm25Index();
  const passages: { source: string; text: string }[] = [];
  for (const file of files) {
    const path = relative(options.folder, file).split(sep).join("/");
    splitPassages(await readFile(file, "utf8")).forEach((text, position) => {
      index.add(text);
      passages.push({ source: `${path}#${position + 1}`, text });
    });
  }
  if (passages.length === 0) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Retriever "${options.name}": the folder ${options.folder} has no .txt or .md document with text.`,
      location: { file: options.folder, field: `retrievers.${options.name}.path` },
      hint: "Put the documents to search (.txt or .md, paragraphs separated by blank lines) in that folder.",
    });
  }
  return { index, passages };
}

async function listDocuments(options: DocumentRetrieverOptions): Promise<string[]> {
  const isFolder = await stat(options.folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new TuneopsError({
      code: "input_invalid",
      message: `Retriever "${options.name}": the folder ${options.folder} does not exist or is not a folder.`,
      location: { file: options.folder, field: `retrievers.${options.name}.path` },
      hint: "Set path to a folder of .txt or .md documents (relative paths are resolved from tuneops.yaml).",
    });
  }
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    // Sorted so passage numbering and tie order are the same on every machine.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && documentExtensions.test(entry.name)) files.push(path);
    }
  };
  await walk(options.folder);
  return files;
}
