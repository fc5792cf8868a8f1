import type { BattleWinner } from "../spec/arena-store.js";
import { TuneopsError } from "../spec/errors.js";
import { bradleyTerryRatings } from "../stats/bradley-terry-ratings.js";
import { onlineElo } from "../stats/elo.js";
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
 * Bradley-Terry ratings (ties count half) with bootstrap intervals, online Elo and interval-respecting
 * ranks, on the Elo scale. Battles are read once and aggregated into per-pair counts; everything after
 * that costs O(pairs), so a million battles rate in well under a second.
 */
export async function rateBattles(battles: Iterable<RatedBattle> | AsyncIterable<RatedBattle>, options: RateOptions = {}): Promise<ArenaRatings> {
  const index = new Map<string, number>();
  const names: string[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const outcomes: number[] = [];
  const indexOf = (model: string): number => {
    let found = index.get(model);
    if (found === undefined) {
      found = names.length;
      index.set(model, found);
      names.push(model);
    }
    return found;
  };
  const take = (battle: RatedBattle): void => {
    if (battle.modelA === battle.modelB) return;
    a.push(indexOf(battle.modelA));
    b.push(indexOf(battle.modelB));
    outcomes.push(battle.winner === "a" ? 1 : battle.winner === "b" ? 0 : 0.5);
  };
  // A plain loop for in-memory battles: awaiting each of a million items would cost more than rating them.
  if (Symbol.iterator in battles) for (const battle of battles) take(battle);
  else for await (const battle of battles) take(battle);
  const bootstrap = options.bootstrap ?? 100;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  const center = options.center ?? 1000;
  let anchor: number | undefined;
  if (options.anchor !== undefined) {
    anchor = index.get(options.anchor);
    if (anchor === undefined) {
      throw new TuneopsError({
        code: "input_invalid",
        message: `--anchor ${options.anchor}: no battle involves that model`,
        location: { field: "--anchor" },
        hint: `Models: ${names.join(", ") || "(none)"}.`,
      });
    }
  }
  const builder = new PairwiseCountsBuilder(names.length);
  const wins = new Float64Array(names.length);
  const losses = new Float64Array(names.length);
  const ties = new Float64Array(names.length);
  for (let battle = 0; battle < a.length; battle += 1) {
    const first = a[battle] as number;
    const second = b[battle] as number;
    const outcome = outcomes[battle] as number;
    builder.add(first, second, outcome === 1 ? "win" : outcome === 0 ? "loss" : "tie");
    if (outcome === 1) {
      wins[first] = (wins[first] as number) + 1;
      losses[second] = (losses[second] as number) + 1;
    } else if (outcome === 0) {
      wins[second] = (wins[second] as number) + 1;
      losses[first] = (losses[first] as number) + 1;
    } else {
      ties[first] = (ties[first] as number) + 1;
      ties[second] = (ties[second] as number) + 1;
    }
  }
  const fitted = bradleyTerryRatings(builder.counts(), { rounds: bootstrap, seed, confidence, center, ...(anchor === undefined ? {} : { anchor }) });
  const elo = onlineElo({ a, b, outcome: outcomes }, { playerCount: names.length });
  const models: ModelRating[] = names.map((model, player) => {
    const played = (wins[player] as number) + (losses[player] as number) + (ties[player] as number);
    return {
      model,
      rating: fitted.rating[player] as number,
      ci_low: finiteOrNull(fitted.low[player] as number),
      ci_high: finiteOrNull(fitted.high[player] as number),
      rank: fitted.rank[player] as number,
      battles: played,
      wins: wins[player] as number,
      losses: losses[player] as number,
      ties: ties[player] as number,
      elo: elo[player] as number,
    };
  });
  models.sort((left, right) => right.rating - left.rating || left.model.localeCompare(right.model));
  return {
    models,
    battles: a.length,
    bootstrap,
    seed,
    confidence,
    scale: options.anchor === undefined ? `mean rating ${center}` : `${options.anchor} fixed at ${center}`,
    regularized: fitted.ridge > 0,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
