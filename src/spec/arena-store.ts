/**
 * The arena's persistence port: pairwise battles between models, from LLM judges, human votes and
 * imports. Implemented over Kysely for SQLite and PostgreSQL (src/store/arena-store.ts).
 */
export interface ArenaStore {
  /**
   * Stores battles in one transaction, in order; returns how many were stored. A battle whose
   * `importKey` is already stored is left out (not counted).
   */
  insertBattles(battles: readonly NewBattle[]): Promise<number>;
  /** Streams battles oldest first (the order they were stored in), bounded memory. */
  readBattles(filter?: BattleFilter): AsyncIterable<BattleRecord>;
  countBattles(filter?: BattleFilter): Promise<number>;
}

/** Who won: model `a`, model `b`, or neither. */
export type BattleWinner = "a" | "b" | "tie";
export const battleWinners = ["a", "b", "tie"] as const;

/** Where a battle came from. */
export type BattleSource = "judge" | "human" | "import";
export const battleSources = ["judge", "human", "import"] as const;

/** One order in which a judge saw a pair, and what it said. */
export interface JudgeVerdict {
  /** The model whose output was shown first (as answer A). */
  shownFirst: "a" | "b";
  winner: BattleWinner;
  /** The judge's reason, cut short. */
  reason?: string;
}

export interface NewBattle {
  modelA: string;
  modelB: string;
  winner: BattleWinner;
  source: BattleSource;
  /** The judge's provider name, the voter's name, or the imported line's `judge`. */
  judge: string;
  /** The case both outputs answer, when known. */
  caseId: string | null;
  /** The runs the outputs come from, when known. */
  runA: string | null;
  runB: string | null;
  /**
   * The model shown first (on the left, or as answer A) when one order was shown; null when the battle
   * combines both orders (see `verdicts`) or the order is unknown (imports).
   */
  shownFirst: "a" | "b" | null;
  /** Judges: the verdict of each order the pair was shown in; `winner` combines them. */
  verdicts: JudgeVerdict[] | null;
  /** Epoch ms. */
  createdAt: number;
  /**
   * Imported battles: a stable key (the same battle at the same occurrence in a file gets the same key),
   * so a second import of the same file stores nothing new. Absent or null: always stored.
   */
  importKey?: string | null;
}

export interface BattleRecord extends NewBattle {
  /** Sortable: ids order battles as they were stored. */
  id: string;
}

export interface BattleFilter {
  sources?: readonly BattleSource[];
  judge?: string;
}
