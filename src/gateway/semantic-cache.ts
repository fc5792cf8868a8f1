import { createHash } from "node:crypto";
import { z } from "zod";
import type { CachedAnswer } from "./response-cache.js";
import { canonicalJson } from "./response-cache.js";
import { callUpstream, readAll } from "./upstream-call.js";
import type { UpstreamTarget } from "./upstream-target.js";

const embeddingResponse = z.object({ data: z.array(z.object({ embedding: z.array(z.number()) })).min(1) });

interface Entry {
  vector: Float32Array;
  answer: CachedAnswer;
}

/** A single-turn chat request's question and the key of everything else it asks. */
export interface SemanticQuery {
  bucket: string;
  text: string;
}

/**
 * The semantic cache: a single-turn chat request whose user message embeds within `threshold` (cosine)
 * of a cached one with the same model, parameters, system prompt and tenant gets that answer. Embeddings
 * come from an OpenAI-compatible `/embeddings` target; when it fails, the request goes upstream as if
 * the cache missed (the cache fails open).
 */
export class SemanticCache {
  readonly #buckets = new Map<string, Entry[]>();
  readonly #target: UpstreamTarget;
  readonly #model: string;
  readonly #threshold: number;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #size = 0;

  constructor(options: { target: UpstreamTarget; model: string; threshold: number; ttlMs: number; maxEntries: number; now?: () => number }) {
    this.#target = options.target;
    this.#model = options.model;
    this.#threshold = options.threshold;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The query of a single-turn request (one user message with text, no tools), else undefined. */
  static queryOf(options: { endpoint: string; tenant: string; body: Record<string, unknown> }): SemanticQuery | undefined {
    const messages = options.body["messages"];
    if (!Array.isArray(messages) || options.body["tools"] !== undefined) return undefined;
    const users = messages.filter((message: { role?: unknown }) => message?.role === "user");
    const others = messages.filter((message: { role?: unknown }) => message?.role !== "user" && message?.role !== "system" && message?.role !== "developer");
    if (users.length !== 1 || others.length > 0) return undefined;
    const content = (users[0] as { content?: unknown }).content;
    const text = typeof content === "string" ? content : undefined;
    if (text === undefined || text.trim() === "") return undefined;
    const rest = { ...options.body, messages: messages.map((message: { role?: unknown }) => (message?.role === "user" ? { role: "user" } : message)) };
    const bucket = createHash("sha256").update(options.endpoint).update("\u0000").update(options.tenant).update("\u0000").update(canonicalJson(rest)).digest("hex");
    return { bucket, text };
  }

  /** Embeds the query's text; undefined when the embedding target fails. */
  async embed(text: string, signal: AbortSignal): Promise<Float32Array | undefined> {
    try {
      const response = await callUpstream({ target: this.#target, path: "/embeddings", method: "POST", body: JSON.stringify({ model: this.#model, input: text }), signal });
      const bytes = await readAll(response.body);
      if (response.statusCode !== 200) return undefined;
      const parsed = embeddingResponse.safeParse(JSON.parse(bytes.toString("utf8")));
      if (!parsed.success) return undefined;
      return normalised(parsed.data.data[0]?.embedding ?? []);
    } catch {
      return undefined;
    }
  }

  /** The closest cached answer at or above the threshold, with its similarity. */
  lookup(bucket: string, vector: Float32Array): { answer: CachedAnswer; similarity: number } | undefined {
    const entries = this.#buckets.get(bucket);
    if (!entries) return undefined;
    const now = this.#now();
    let best: { answer: CachedAnswer; similarity: number } | undefined;
    for (const entry of entries) {
      if (now - entry.answer.storedAt > this.#ttlMs || entry.vector.length !== vector.length) continue;
      let dot = 0;
      for (let index = 0; index < vector.length; index++) dot += (vector[index] as number) * (entry.vector[index] as number);
      if (dot >= this.#threshold && (best === undefined || dot > best.similarity)) best = { answer: entry.answer, similarity: dot };
    }
    return best;
  }

  store(bucket: string, vector: Float32Array, answer: Omit<CachedAnswer, "storedAt">): void {
    let entries = this.#buckets.get(bucket);
    if (!entries) this.#buckets.set(bucket, (entries = []));
    entries.push({ vector, answer: { ...answer, storedAt: this.#now() } });
    this.#size++;
    // Over the bound: drop expired entries, then the oldest of the largest bucket.
    if (this.#size > this.#maxEntries) this.#evict();
  }

  #evict(): void {
    const now = this.#now();
    let largest: Entry[] | undefined;
    for (const [key, entries] of this.#buckets) {
      const kept = entries.filter((entry) => now - entry.answer.storedAt <= this.#ttlMs);
      this.#size -= entries.length - kept.length;
      if (kept.length === 0) this.#buckets.delete(key);
      else this.#buckets.set(key, kept);
      if (kept.length > 0 && (largest === undefined || kept.length > largest.length)) largest = kept;
    }
    if (this.#size > this.#maxEntries && largest) {
      largest.shift();
      this.#size--;
    }
  }
}

function normalised(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (let index = 0; index < vector.length; index++) vector[index] = (vector[index] as number) * scale;
  return vector;
}
