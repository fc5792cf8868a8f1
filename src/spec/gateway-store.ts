import type { UsageBreakdown } from "./usage.js";

/**
 * The gateway's persistence port: request logs, feedback and virtual keys. Implemented over Kysely for
 * SQLite and PostgreSQL (src/store/gateway-store.ts); the gateway never sees a dialect.
 */
export interface GatewayStore {
  /** Writes log rows in one transaction; a row whose id is already stored is skipped. */
  insertRequests(rows: readonly RequestLogRecord[]): Promise<void>;
  /** Newest first, each with its feedback; the filter narrows (what `tuneops logs` shows). */
  listRequests(options?: { limit?: number } & RequestListFilter): Promise<RequestWithFeedback[]>;
  getRequest(id: string): Promise<RequestWithFeedback | undefined>;
  /** Oldest first, page by page (bounded memory), each with its feedback: what datasets are built from. */
  scanRequests(filter?: RequestFilter): AsyncIterable<RequestWithFeedback>;
  insertFeedback(feedback: FeedbackRecord): Promise<void>;
  /** Deletes request logs (and their feedback) created before `before` (epoch ms); returns how many requests. */
  deleteRequestsBefore(before: number): Promise<number>;
  /** USD spent per virtual key since `since` (epoch ms), for budgets that survive a restart. */
  spendByKeySince(since: number): Promise<Map<string, number>>;
  upsertVirtualKey(key: VirtualKeyRecord): Promise<void>;
  listVirtualKeys(): Promise<VirtualKeyRecord[]>;
  deleteVirtualKey(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Which logged requests to read; every field narrows. */
export interface RequestFilter {
  /** The route (model alias) as logged. */
  route?: string;
  /** e.g. `/v1/chat/completions`. */
  endpoint?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
}

/** What `listRequests` may narrow by, beyond `RequestFilter`; every field narrows. */
export interface RequestListFilter extends RequestFilter {
  /** The virtual key's name as logged. */
  keyName?: string;
  /** HTTP statuses from `min` to `max`, inclusive (one status: both the same). */
  status?: { min: number; max: number };
  /** Text found, in any case, in the id, model, target, error or the logged bodies. */
  search?: string;
}

/** A guard's decision on one request, as logged. */
export interface GuardAction {
  guard: string;
  /** What the guard did: `redacted`, `blocked`, `flagged`, `passed-on-error`, `refused-on-error`. */
  action: string;
  /** Entity types or categories involved, e.g. `email`. */
  detail?: string;
}

export interface RequestLogRecord {
  /** The gateway's request id (the `x-request-id` header of the response). */
  id: string;
  /** Epoch ms when the request arrived. */
  createdAt: number;
  /** `/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`. */
  endpoint: string;
  /** The model alias the client asked for. */
  route: string;
  /** Target that answered (or the last one tried); null when none was called (cache hit, refused). */
  target: string | null;
  /** Model id sent upstream. */
  model: string | null;
  /** HTTP status returned to the client. */
  status: number;
  /** Virtual key name, null without keys. */
  keyName: string | null;
  stream: boolean;
  /** From arrival to the last byte sent, ms. */
  latencyMs: number;
  /** From arrival to the first content byte sent, ms (streams only). */
  ttftMs: number | null;
  /** Time spent in the gateway itself, ms (latency minus the upstream's). */
  overheadMs: number;
  /** Tokens; input includes cache reads, output includes reasoning. */
  inputTokens: number | null;
  outputTokens: number | null;
  breakdown: UsageBreakdown | null;
  /** USD; null when the model has no price. */
  costUsd: number | null;
  cacheHit: boolean;
  /** Upstream attempts made (retries and fallbacks included). */
  attempts: number;
  guardActions: GuardAction[];
  /** Error code when the request failed. */
  error: string | null;
  /** Bodies, only when logging of bodies is on (redacted when asked). */
  requestBody: string | null;
  responseBody: string | null;
}

export interface FeedbackRecord {
  id: string;
  requestId: string;
  /** 0..1; feedback with only a thumb stores up as 1, down as 0. */
  score: number | null;
  /** The thumb given, kept beside the score when both are given; null or absent when none was. */
  thumbs?: "up" | "down" | null;
  label: string | null;
  comment: string | null;
  /** Epoch ms. */
  createdAt: number;
}

export interface RequestWithFeedback extends RequestLogRecord {
  feedback: FeedbackRecord[];
}

export interface VirtualKeyRecord {
  name: string;
  /** SHA-256 of the key, hex; the key itself is never stored. */
  sha256: string;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  budgetUsdPerDay: number | null;
  budgetUsdPerMonth: number | null;
  /** Epoch ms from which the key is refused; null or absent: never. */
  expiresAt?: number | null;
  /** Route names the key may use; null or absent: all. */
  routes?: string[] | null;
  /** Model names the key may ask for; null or absent: all. */
  models?: string[] | null;
  /** May give feedback on any request; absent: false. */
  admin?: boolean;
  /** Epoch ms. */
  createdAt: number;
}
