/** The `battles` table as Kysely sees it (migration 0002); mapped to src/spec/arena-store.ts records. */
export interface BattlesTable {
  /** Sortable: epoch ms and a sequence number, base 36, then random hex. */
  id: string;
  model_a: string;
  model_b: string;
  /** `a`, `b` or `tie`. */
  winner: string;
  /** `judge`, `human` or `import`. */
  source: string;
  judge: string;
  case_id: string | null;
  run_a: string | null;
  run_b: string | null;
  /** `a`, `b`, or null. */
  shown_first: string | null;
  /** JSON text of JudgeVerdict[], or null. */
  verdicts: string | null;
  /** Epoch ms. */
  created_at: number;
  /** Imported battles: a stable key, unique (migration 0006); null otherwise. */
  import_key: string | null;
}
