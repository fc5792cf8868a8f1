import type { BattleWinner } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import { bradleyTerryRatings } from "../stats/bradley-terry-ratings.js";
import { OnlineElo } from "../stats/elo.js";
import { PairwiseCountsBuilder, type PairwiseCounts } from "../stats/pairwise-counts.js";

/** What rating needs of a battle. */
export interface RatedBattle {
  modelA: string;
  modelB: string;
  winner: BattleWinner;
}

export interface RateOptions {
  /** Bootstrap rounds for the intervals; default 100. */
  bootstrap?: number;
  /** Default 0. */
  seed?: number;
  /** Default 0.95. */
  confidence?: number;
  /** A model pinned at `center` instead of the mean (Chatbot Arena pins one model). */
  anchor?: string;
  /** Default 1000. */
  center?: number;
}

export interface ModelRating {
  model: string;
  /** Bradley-Terry maximum-likelihood rating on the Elo scale. */
  rating: number;
  /**
   * Percentile-bootstrap interval of the rating; null without bootstrap rounds, or on the side where the
   * data leave the rating unbounded (a model that never lost has no upper bound).
   */
  ci_low: number | null;
  ci_high: number | null;
  /** 1 + the number of models whose interval lies wholly above this one's. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** Online Elo (K = 4, in battle order): a secondary, order-dependent figure. */
  elo: number;
  /**
   * The model's group (1-based) when the battles fall into groups that never met: rating, interval and
   * rank then compare it only with its own group. Absent when every model is linked to every other.
   */
  group?: number;
}

export interface ArenaRatings {
  models: ModelRating[];
  battles: number;
  bootstrap: number;
  seed: number;
  confidence: number;
  /** How the scale is fixed, in words. */
  scale: string;
  /** True when the plain maximum-likelihood estimate does not exist and a weak prior was added. */
  regularized: boolean;
  /** The groups of models that never met (each rated and ranked on its own); absent when there is one. */
  groups?: { group: number; models: string[] }[];
}

/**
 * Battles reduced to what rating needs, one at a time: the names seen, per-pair counts, each model's wins,
 * losses and ties, and online Elo replayed in order. Memory is O(models + pairs met), whatever the number
 * of battles, so a file of millions of battles streams through it without being kept.
 */
export class BattleTally {
  readonly #index = new Map<string, number>();
  readonly #names: string[] = [];
  readonly #pairs = new PairwiseCountsBuilder();
  readonly #elo = new OnlineElo();
  #wins: number[] = [];
  #losses: number[] = [];
  #ties: number[] = [];
  #battles = 0;

  /** Counts one battle; a model against itself is ignored. */
  add(battle: RatedBattle): void {
    if (battle.modelA === battle.modelB) return;
    const first = this.#indexOf(battle.modelA);
    const second = this.#indexOf(battle.modelB);
    this.#battles += 1;
    if (battle.winner === "a") {
      this.#pairs.add(first, second, "win");
      this.#elo.update(first, second, 1);
      this.#wins[first] = (this.#wins[first] as number) + 1;
      this.#losses[second] = (this.#losses[second] as number) + 1;
    } else if (battle.winner === "b") {
      this.#pairs.add(first, second, "loss");
      this.#elo.update(first, second, 0);
      this.#wins[second] = (this.#wins[second] as number) + 1;
      this.#losses[first] = (this.#losses[first] as number) + 1;
    } else {
      this.#pairs.add(first, second, "tie");
      this.#elo.update(first, second, 0.5);
      this.#ties[first] = (this.#ties[first] as number) + 1;
      this.#ties[second] = (this.#ties[second] as number) + 1;
    }
  }

  get battles(): number {
    return this.#battles;
  }

  /** Bradley-Terry ratings with bootstrap intervals, online Elo and ranks of the battles counted so far. */
  rate(options: RateOptions = {}): ArenaRatings {
    const names = this.#names;
    const bootstrap = options.bootstrap ?? 100;
    const seed = options.seed ?? 0;
    const confidence = options.confidence ?? 0.95;
    const center = options.center ?? 1000;
    let anchor: number | undefined;
    if (options.anchor !== undefined) {
      anchor = this.#index.get(options.anchor);
      if (anchor === undefined) {
        throw new TuneopsError({
          code: "input_invalid",
          message: `--anchor ${options.anchor}: no battle involves that model`,
          location: { field: "--anchor" },
          hint: `Models: ${names.join(", ") || "(none)"}.`,
        });
      }
    }
    const counts = { ...this.#pairs.counts(), playerCount: names.length };
    const elo = this.#elo.ratings(names.length);
    const groups = connectedGroups(counts);
    const models: ModelRating[] = [];
    let regularized = false;
    for (const [groupIndex, members] of groups.entries()) {
      // Each group is fitted, bootstrapped and ranked on its own: nothing links it to the others.
      const { local, groupCounts } = groups.length === 1 ? { local: members, groupCounts: counts } : restrictCounts(counts, members);
      const groupAnchor = anchor === undefined ? -1 : local.indexOf(anchor);
      const fitted = bradleyTerryRatings(groupCounts, { rounds: bootstrap, seed, confidence, center, ...(groupAnchor === -1 ? {} : { anchor: groupAnchor }) });
      regularized ||= fitted.ridge > 0;
      local.forEach((player, position) => {
        const wins = this.#wins[player] as number;
        const losses = this.#losses[player] as number;
        const ties = this.#ties[player] as number;
        const rating: ModelRating = {
          model: names[player] as string,
          rating: fitted.rating[position] as number,
          ci_low: finiteOrNull(fitted.low[position] as number),
          ci_high: finiteOrNull(fitted.high[position] as number),
          rank: fitted.rank[position] as number,
          battles: wins + losses + ties,
          wins,
          losses,
          ties,
          elo: elo[player] as number,
        };
        if (groups.length > 1) rating.group = groupIndex + 1;
        models.push(rating);
      });
    }
    models.sort((left, right) => (left.group ?? 0) - (right.group ?? 0) || right.rating - left.rating || left.model.localeCompare(right.model));
    const ratings: ArenaRatings = {
      models,
      battles: this.#battles,
      bootstrap,
      seed,
      confidence,
      scale: options.anchor === undefined ? `mean rating ${center}` : `${options.anchor} fixed at ${center}`,
      regularized,
    };
    if (groups.length > 1) {
      ratings.groups = groups.map((_, groupIndex) => ({ group: groupIndex + 1, models: models.filter((model) => model.group === groupIndex + 1).map((model) => model.model) }));
    }
    return ratings;
  }

  #indexOf(model: string): number {
    let found = this.#index.get(model);
    if (found === undefined) {
      found = this.#names.length;
      this.#index.set(model, found);
      this.#names.push(model);
      this.#wins.push(0);
      this.#losses.push(0);
      this.#ties.push(0);
    }
    return found;
  }
}

/**
 * Bradley-Terry ratings (ties count half) with bootstrap intervals, online Elo and interval-respecting
 * ranks, on the Elo scale. Battles are read once into a `BattleTally` (per-pair counts); everything after
 * that costs O(pairs), so a million battles rate in well under a second.
 */
export async function rateBattles(battles: Iterable<RatedBattle> | AsyncIterable<RatedBattle>, options: RateOptions = {}): Promise<ArenaRatings> {
  const tally = new BattleTally();
  // A plain loop for in-memory battles: awaiting each of a million items would cost more than rating them.
  if (Symbol.iterator in battles) for (const battle of battles) tally.add(battle);
  else for await (const battle of battles) tally.add(battle);
  return tally.rate(options);
}

/**
 * The players split into groups linked by battles (connected components of the "met" graph), each in
 * order of its lowest player. Players of different groups never met, directly or through others:
 * nothing in the battles says how they compare.
 */
function connectedGroups(counts: PairwiseCounts): number[][] {
  const parent = Int32Array.from({ length: counts.playerCount }, (_, index) => index);
  const root = (player: number): number => {
    let current = player;
    while (parent[current] !== current) {
      const next = parent[current] as number;
      parent[current] = parent[next] as number;
      current = next;
    }
    return current;
  };
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const first = root(counts.first[cell] as number);
    const second = root(counts.second[cell] as number);
    if (first !== second) parent[Math.max(first, second)] = Math.min(first, second);
  }
  const byRoot = new Map<number, number[]>();
  for (let player = 0; player < counts.playerCount; player += 1) {
    const key = root(player);
    let members = byRoot.get(key);
    if (members === undefined) byRoot.set(key, (members = []));
    members.push(player);
  }
  return [...byRoot.values()];
}

/** The cells among `members`, renumbered 0 .. members.length - 1 in the order of `members`. */
function restrictCounts(counts: PairwiseCounts, members: readonly number[]): { local: readonly number[]; groupCounts: PairwiseCounts } {
  const position = new Map(members.map((player, index) => [player, index]));
  const cells: number[] = [];
  for (let cell = 0; cell < counts.first.length; cell += 1) if (position.has(counts.first[cell] as number)) cells.push(cell);
  return {
    local: members,
    groupCounts: {
      playerCount: members.length,
      first: Int32Array.from(cells, (cell) => position.get(counts.first[cell] as number) as number),
      second: Int32Array.from(cells, (cell) => position.get(counts.second[cell] as number) as number),
      wins: Float64Array.from(cells, (cell) => counts.wins[cell] as number),
      losses: Float64Array.from(cells, (cell) => counts.losses[cell] as number),
      ties: Float64Array.from(cells, (cell) => counts.ties[cell] as number),
    },
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
