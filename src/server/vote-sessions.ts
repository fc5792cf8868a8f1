import { randomBytes, randomInt } from "node:crypto";
import { shownAnswer } from "../arena/arena-outputs.js";
import { loadVoteQueue, voteBattle, votePairKey, type VotePair } from "../arena/vote-queue.js";
import { formatCase } from "../scorers/judge/format-case.js";
import type { ArenaStore } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import type { Store } from "../spec/store.js";
import { DashboardHttpError } from "./dashboard-error.js";
import { LruMap } from "./lru-map.js";

/** What the voting page is shown: never a model's name, only the two outputs in a random order. */
export interface ShownPair {
  token: string;
  case: string;
  left: string;
  right: string;
}

export interface VoteProgress {
  /** Pairs this voter has voted on. */
  done: number;
  /** Pairs the runs offer. */
  total: number;
  /** Pairs skipped in this server's lifetime (offered again once nothing else is left). */
  skipped: number;
}

interface Issued {
  pair: VotePair;
  left: "a" | "b";
  voter: string;
  runsKey: string;
  /** The browser session it was shown to: only that session may vote on it. */
  session: string;
}

/** Tokens handed out and not yet used; the oldest are forgotten past this many. */
const maxIssued = 10_000;
/**
 * Runs lists whose pairs are kept loaded (least recently used out first). Each holds every pair of its
 * runs, so this bounds the server's memory however many distinct `?run=` lists are asked for.
 */
export const maxLoadedQueues = 8;
/** Sessions and voters remembered (names claimed, pairs skipped); the longest idle are forgotten. */
const maxSessions = 10_000;
/** Runs one voting page may name. */
export const maxVotingRuns = 20;

type Queue = { pairs: VotePair[]; voted: Map<string, Set<string>> };

/**
 * The state behind the voting page: each runs' pairs (loaded once), what each voter has voted on and
 * skipped, and the tokens of pairs on screen. A token stands for a pair and the side each model was
 * shown on, so the page stays blind and a vote cannot name a pair it was not shown.
 */
export class VoteSessions {
  readonly #store: Store;
  readonly #arena: ArenaStore;
  readonly #now: () => number;
  readonly #showReference: boolean;
  readonly #queues = new LruMap<string, Promise<Queue>>(maxLoadedQueues);
  readonly #skipped = new LruMap<string, Set<string>>(maxSessions);
  readonly #issued = new Map<string, Issued>();
  /** Which session holds each voter name, and which name each session uses. */
  readonly #nameOwners = new LruMap<string, string>(maxSessions);
  readonly #sessionNames = new LruMap<string, string>(maxSessions);

  constructor(options: { store: Store; arena: ArenaStore; now?: () => number; showReference?: boolean }) {
    this.#store = options.store;
    this.#showReference = options.showReference === true;
    this.#arena = options.arena;
    this.#now = options.now ?? Date.now;
  }

  /** Runs lists loaded now (bounded by `maxLoadedQueues`). */
  get loadedQueues(): number {
    return this.#queues.size;
  }

  /**
   * The next pair for `voter` in browser session `session`. A voter name belongs to the first session
   * that uses it (until that session takes another name or is forgotten): another session gets a 409,
   * so nobody votes in someone else's name.
   */
  async next(runs: readonly string[], voter: string, session: string): Promise<{ pair: ShownPair | null; progress: VoteProgress }> {
    this.#claim(voter, session);
    const runsKey = runs.join("\u0000");
    const { pairs, voted } = await this.#queue(runs, voter);
    const votedKeys = voted.get(voter) ?? new Set<string>();
    const skipped = this.#skipped.get(`${runsKey}\u0000${voter}`) ?? new Set<string>();
    const pending = pairs.filter((pair) => !votedKeys.has(votePairKey(pair.caseId, pair.a, pair.b)));
    const fresh = pending.filter((pair) => !skipped.has(votePairKey(pair.caseId, pair.a, pair.b)));
    const choices = fresh.length > 0 ? fresh : pending;
    const progress = { done: pairs.length - pending.length, total: pairs.length, skipped: skipped.size };
    if (choices.length === 0) return { pair: null, progress };
    if (fresh.length === 0) skipped.clear();
    const pair = choices[randomInt(choices.length)] as VotePair;
    const left = randomInt(2) === 0 ? "a" : "b";
    const token = randomBytes(12).toString("hex");
    this.#issued.set(token, { pair, left, voter, runsKey, session });
    if (this.#issued.size > maxIssued) this.#issued.delete(this.#issued.keys().next().value as string);
    const [leftOutput, rightOutput] = left === "a" ? [pair.outputA, pair.outputB] : [pair.outputB, pair.outputA];
    return { pair: { token, case: formatCase(pair.shown), left: shownAnswer(leftOutput), right: shownAnswer(rightOutput) }, progress };
  }

  /** Stores a vote on the pair behind `token` as a human battle (with the side each model was shown on). */
  async vote(token: string, choice: "left" | "right" | "tie", session: string): Promise<void> {
    const issued = this.#take(token, session);
    await this.#arena.insertBattles([voteBattle({ pair: issued.pair, left: issued.left, choice, voter: issued.voter, createdAt: this.#now() })]);
    const queue = await this.#queues.get(issued.runsKey);
    const key = votePairKey(issued.pair.caseId, issued.pair.a, issued.pair.b);
    if (queue === undefined) return;
    let voted = queue.voted.get(issued.voter);
    if (voted === undefined) queue.voted.set(issued.voter, (voted = new Set()));
    voted.add(key);
  }

  skip(token: string, session: string): void {
    const issued = this.#take(token, session);
    const sessionKey = `${issued.runsKey}\u0000${issued.voter}`;
    let skipped = this.#skipped.get(sessionKey);
    if (skipped === undefined) this.#skipped.set(sessionKey, (skipped = new Set()));
    skipped.add(votePairKey(issued.pair.caseId, issued.pair.a, issued.pair.b));
  }

  #take(token: string, session: string): Issued {
    const issued = this.#issued.get(token);
    if (issued === undefined) {
      throw new TuneopsError({ code: "not_found", message: "unknown or already used pair token", location: { field: "token" }, hint: "Reload the page to get a new pair." });
    }
    if (issued.session !== session) {
      throw new DashboardHttpError({ status: 403, code: "forbidden", message: "this pair was shown to another session", hint: "Vote on the pairs your own page shows." });
    }
    this.#issued.delete(token);
    return issued;
  }

  #claim(voter: string, session: string): void {
    const owner = this.#nameOwners.get(voter);
    if (owner !== undefined && owner !== session) {
      throw new DashboardHttpError({ status: 409, code: "name_taken", message: `the voter name "${voter}" is in use in another session`, hint: "Pick another name." });
    }
    const previous = this.#sessionNames.get(session);
    if (previous !== undefined && previous !== voter) this.#nameOwners.delete(previous);
    this.#nameOwners.set(voter, session);
    this.#sessionNames.set(session, voter);
  }

  async #queue(runs: readonly string[], voter: string): Promise<Queue> {
    const runsKey = runs.join("\u0000");
    let queue = this.#queues.get(runsKey);
    if (queue === undefined) {
      queue = loadVoteQueue({ store: this.#store, arena: this.#arena, runs, voter, showReference: this.#showReference }).then((loaded) => ({ pairs: loaded.pairs, voted: new Map([[voter, loaded.voted]]) }));
      this.#queues.set(runsKey, queue);
      queue.catch(() => this.#queues.delete(runsKey));
    }
    const loaded = await queue;
    if (!loaded.voted.has(voter)) {
      // Another voter on already loaded runs: read what this one voted before.
      const own = await loadVoteQueue({ store: this.#store, arena: this.#arena, runs, voter, showReference: this.#showReference });
      if (!loaded.voted.has(voter)) loaded.voted.set(voter, own.voted);
    }
    return loaded;
  }
}
