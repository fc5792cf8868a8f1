import type { BattleWinner } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import { bradleyTerryRatings } from "../stats/bradley-terry-ratings.js";
import { OnlineElo } from "../stats/elo.js";
import { PairwiseCountsBuilder } from "../stats/pairwise-counts.js";

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
    const fitted = bradleyTerryRatings(counts, { rounds: bootstrap, seed, confidence, center, ...(anchor === undefined ? {} : { anchor }) });
    const elo = this.#elo.ratings(names.length);
    const models: ModelRating[] = names.map((model, player) => {
      const wins = this.#wins[player] as number;
      const losses = this.#losses[player] as number;
      const ties = this.#ties[player] as number;
      return {
        model,
        rating: fitted.rating[player] as number,
        ci_low: finiteOrNull(fitted.low[player] as number),
        ci_high: finiteOrNull(fitted.high[player] as number),
        rank: fitted.rank[player] as number,
        battles: wins + losses + ties,
        wins,
        losses,
        ties,
        elo: elo[player] as number,
      };
    });
    models.sort((left, right) => right.rating - left.rating || left.model.localeCompare(right.model));
    return {
      models,
      battles: this.#battles,
      bootstrap,
      seed,
      confidence,
      scale: options.anchor === undefined ? `mean rating ${center}` : `${options.anchor} fixed at ${center}`,
      regularized: fitted.ridge > 0,
    };
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

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
