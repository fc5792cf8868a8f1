import type { RetrievedPassage } from "./result.js";

/** Retrieves passages for a case before prompting (RAG). Built by the composition root; engines see only this. */
export interface RetrieverV1 {
  readonly specificationVersion: "v1";
  readonly name: string;
  /** Loads indexes, opens connections. Idempotent. */
  prepare?(): Promise<void>;
  /** `vars` are the case's fields; the retriever renders its own query/parameter templates from them. */
  retrieve(request: { vars: Readonly<Record<string, unknown>>; signal?: AbortSignal }): Promise<RetrievedPassage[]>;
  close?(): Promise<void>;
}
