/** Table types of the gateway's tables (migration 0003), as Kysely sees them; see schema.ts for the conventions. */
export interface RequestsTable {
  id: string;
  /** Epoch ms. */
  created_at: number;
  endpoint: string;
  route: string;
  target: string | null;
  model: string | null;
  status: number;
  key_name: string | null;
  /** 0/1. */
  stream: number;
  latency_ms: number;
  ttft_ms: number | null;
  overhead_ms: number;
  input_tokens: number | null;
  output_tokens: number | null;
  /** JSON text of UsageBreakdown, or null. */
  usage_breakdown: string | null;
  cost_usd: number | null;
  /** 0/1. */
  cache_hit: number;
  attempts: number;
  /** JSON text of GuardAction[]. */
  guard_actions: string;
  error: string | null;
  request_body: string | null;
  response_body: string | null;
}

export interface FeedbackTable {
  id: string;
  request_id: string;
  score: number | null;
  /** `up`, `down`, or null (no thumb, or stored before the column existed). */
  thumbs: string | null;
  label: string | null;
  comment: string | null;
  /** Epoch ms. */
  created_at: number;
}

export interface VirtualKeysTable {
  name: string;
  sha256: string;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  budget_usd_per_day: number | null;
  budget_usd_per_month: number | null;
  /** Epoch ms; null: never expires (migration 0008). */
  expires_at: number | null;
  /** JSON text of string[]; null: every route (migration 0008). */
  allowed_routes: string | null;
  /** JSON text of string[]; null: every model (migration 0008). */
  allowed_models: string | null;
  /** 0/1 (migration 0008). */
  admin: number;
  /** Epoch ms. */
  created_at: number;
}
