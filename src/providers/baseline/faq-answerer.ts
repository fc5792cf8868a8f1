import { Bm25Index } from "../../retrieval/bm25.js";

export interface FaqMatch {
  answer: string;
  /** The training question that matched. */
  question: string;
  /** BM25 score of the match. */
  score: number;
}

/** Answers a question with the answer of the most similar known question (BM25): the FAQ baseline. */
export class FaqAnswerer {
  private readonly index = new Bm25Index();

  constructor(private readonly entries: readonly { question: string; answer: string }[]) {
    for (const entry of entries) this.index.add(entry.question);
  }

  /** The best match, or undefined when no known question shares a term with this one. */
  match(question: string): FaqMatch | undefined {
    const hit = this.index.search(question, 1)[0];
    const entry = hit ? this.entries[hit.index] : undefined;
    return hit && entry ? { answer: entry.answer, question: entry.question, score: hit.score } : undefined;
  }
}
