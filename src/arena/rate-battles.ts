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
  const groups = connectedGroups(names.length, a, b);
  const models: ModelRating[] = [];
  let regularized = false;
  for (const [groupIndex, members] of groups.entries()) {
    const rated = rateGroup({ names, members, a, b, outcomes, bootstrap, seed, confidence, center, ...(anchor === undefined ? {} : { anchor }) });
    regularized ||= rated.regularized;
    for (const model of rated.models) models.push(groups.length > 1 ? { ...model, group: groupIndex + 1 } : model);
  }
  models.sort((left, right) => (left.group ?? 0) - (right.group ?? 0) || right.rating - left.rating || left.model.localeCompare(right.model));
  const ratings: ArenaRatings = {
    models,
    battles: a.length,
    bootstrap,
    seed,
    confidence,
    scale: options.anchor === undefined ? `mean rating ${center}` : `${options.anchor} fixed at ${center}`,
    regularized,
  };
  if (groups.length > 1) {
    ratings.groups = groups.map((members, groupIndex) => ({ group: groupIndex + 1, models: models.filter((model) => model.group === groupIndex + 1).map((model) => model.model) }));
  }
  return ratings;
}

/**
 * The models split into groups whose members are linked by battles (connected components of the
 * "played each other" graph), each group in order of its first model. Models of different groups never
 * met, directly or through others: nothing in the battles says how they compare.
 */
function connectedGroups(count: number, a: readonly number[], b: readonly number[]): number[][] {
  const parent = Int32Array.from({ length: count }, (_, index) => index);
  const root = (player: number): number => {
    let current = player;
    while (parent[current] !== current) {
      const next = parent[current] as number;
      parent[current] = parent[next] as number;
      current = next;
    }
    return current;
  };
  for (let battle = 0; battle < a.length; battle += 1) {
    const first = root(a[battle] as number);
    const second = root(b[battle] as number);
    if (first !== second) parent[Math.max(first, second)] = Math.min(first, second);
  }
  const byRoot = new Map<number, number[]>();
  for (let player = 0; player < count; player += 1) {
    const key = root(player);
    let members = byRoot.get(key);
    if (members === undefined) byRoot.set(key, (members = []));
    members.push(player);
  }
  return [...byRoot.values()];
}

/** One group's Bradley-Terry fit, bootstrap, ranks and online Elo (battles outside it are not its own). */
function rateGroup(options: {
  names: readonly string[];
  members: readonly number[];
  a: readonly number[];
  b: readonly number[];
  outcomes: readonly number[];
  bootstrap: number;
  seed: number;
  confidence: number;
  center: number;
  anchor?: number;
}): { models: ModelRating[]; regularized: boolean } {
  const { members } = options;
  const local = new Map(members.map((player, position) => [player, position]));
  const a: number[] = [];
  const b: number[] = [];
  const outcomes: number[] = [];
  for (let battle = 0; battle < options.a.length; battle += 1) {
    const first = local.get(options.a[battle] as number);
    if (first === undefined) continue;
    a.push(first);
    b.push(local.get(options.b[battle] as number) as number);
    outcomes.push(options.outcomes[battle] as number);
  }
  const builder = new PairwiseCountsBuilder(members.length);
  const wins = new Float64Array(members.length);
  const losses = new Float64Array(members.length);
  const ties = new Float64Array(members.length);
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
  const anchor = options.anchor === undefined ? undefined : local.get(options.anchor);
  const fitted = bradleyTerryRatings(builder.counts(), {
    rounds: options.bootstrap,
    seed: options.seed,
    confidence: options.confidence,
    center: options.center,
    ...(anchor === undefined ? {} : { anchor }),
  });
  const elo = onlineElo({ a, b, outcome: outcomes }, { playerCount: members.length });
  const models = members.map((player, position): ModelRating => {
    const played = (wins[position] as number) + (losses[position] as number) + (ties[position] as number);
    return {
      model: options.names[player] as string,
      rating: fitted.rating[position] as number,
      ci_low: finiteOrNull(fitted.low[position] as number),
      ci_high: finiteOrNull(fitted.high[position] as number),
      rank: fitted.rank[position] as number,
      battles: played,
      wins: wins[position] as number,
      losses: losses[position] as number,
      ties: ties[position] as number,
      elo: elo[position] as number,
    };
  });
  return { models, regularized: fitted.ridge > 0 };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
