import { sampleBinomial } from "./binomial-sample.js";
import type { RandomSource } from "./random.js";

/**
 * Pairwise outcomes aggregated per pair of players: the sufficient statistics of a Bradley-Terry fit.
 * Cell c is the pair (first[c], second[c]) with first < second; `wins[c]` counts the first beating
 * the second, `losses[c]` the second beating the first, `ties[c]` the draws. Only pairs that met hold
 * a cell, so the cost of everything downstream is O(cells), not O(battles).
 */
export interface PairwiseCounts {
  /** Players are 0 .. playerCount - 1. */
  readonly playerCount: number;
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly wins: Float64Array;
  readonly losses: Float64Array;
  readonly ties: Float64Array;
}

/** The outcome of one battle from the first-named player's side. */
export type PairwiseOutcome = "win" | "loss" | "tie";

/** Most players a builder tells apart (pairs are keyed as low * this + high, a safe integer). */
const maxPlayers = 2 ** 26;

/**
 * Builds counts battle by battle; `counts()` returns the cells in order of first appearance. Without a
 * player count the players are open-ended (a stream that meets new players as it goes), and the count is
 * one more than the highest index seen.
 */
export class PairwiseCountsBuilder {
  readonly #playerCount: number | undefined;
  #highestPlayer = -1;
  readonly #cellOf = new Map<number, number>();
  #first: number[] = [];
  #second: number[] = [];
  #wins: number[] = [];
  #losses: number[] = [];
  #ties: number[] = [];

  constructor(playerCount?: number) {
    this.#playerCount = playerCount;
  }

  /** Records `count` battles of `a` against `b` (player indices, a ≠ b) that ended in `outcome` for a. */
  add(a: number, b: number, outcome: PairwiseOutcome, count = 1): void {
    const players = this.#playerCount ?? maxPlayers;
    if (a === b || a < 0 || b < 0 || a >= players || b >= players) {
      throw new RangeError(`PairwiseCountsBuilder: bad pair (${a}, ${b}) of ${players} players`);
    }
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    if (high > this.#highestPlayer) this.#highestPlayer = high;
    const key = low * maxPlayers + high;
    let cell = this.#cellOf.get(key);
    if (cell === undefined) {
      cell = this.#first.length;
      this.#cellOf.set(key, cell);
      this.#first.push(low);
      this.#second.push(high);
      this.#wins.push(0);
      this.#losses.push(0);
      this.#ties.push(0);
    }
    if (outcome === "tie") this.#ties[cell] = (this.#ties[cell] as number) + count;
    else if ((outcome === "win") === (a === low)) this.#wins[cell] = (this.#wins[cell] as number) + count;
    else this.#losses[cell] = (this.#losses[cell] as number) + count;
  }

  counts(): PairwiseCounts {
    return {
      playerCount: this.#playerCount ?? this.#highestPlayer + 1,
      first: Int32Array.from(this.#first),
      second: Int32Array.from(this.#second),
      wins: Float64Array.from(this.#wins),
      losses: Float64Array.from(this.#losses),
      ties: Float64Array.from(this.#ties),
    };
  }
}

/** Total battles held by the counts. */
export function totalBattles(counts: PairwiseCounts): number {
  let total = 0;
  for (let cell = 0; cell < counts.first.length; cell += 1) total += (counts.wins[cell] as number) + (counts.losses[cell] as number) + (counts.ties[cell] as number);
  return total;
}

/** Battles per player (each battle counts once for each of its two players). */
export function battlesPerPlayer(counts: PairwiseCounts): Float64Array {
  const played = new Float64Array(counts.playerCount);
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const total = (counts.wins[cell] as number) + (counts.losses[cell] as number) + (counts.ties[cell] as number);
    played[counts.first[cell] as number] = (played[counts.first[cell] as number] as number) + total;
    played[counts.second[cell] as number] = (played[counts.second[cell] as number] as number) + total;
  }
  return played;
}

/**
 * One bootstrap resample of the battles behind `counts`, drawn as counts. Resampling N battles with
 * replacement puts a multinomial(N, observed shares) number of draws in each (cell, outcome) category,
 * so drawing those counts directly (sequential conditional binomials) is the same distribution as the
 * naive resample, at O(cells) cost instead of O(N). Counts must be whole numbers. Writes into `into`
 * (same cells) when given.
 */
export function resamplePairwiseCounts(counts: PairwiseCounts, random: RandomSource, into?: PairwiseCounts): PairwiseCounts {
  const cells = counts.first.length;
  const target = into ?? { ...counts, wins: new Float64Array(cells), losses: new Float64Array(cells), ties: new Float64Array(cells) };
  let remainingMass = totalBattles(counts);
  let remainingDraws = remainingMass;
  const categories = [counts.wins, counts.losses, counts.ties] as const;
  const outputs = [target.wins, target.losses, target.ties] as const;
  for (let cell = 0; cell < cells; cell += 1) {
    for (let category = 0; category < 3; category += 1) {
      const mass = (categories[category] as Float64Array)[cell] as number;
      let drawn = 0;
      if (mass > 0 && remainingDraws > 0) {
        drawn = mass >= remainingMass ? remainingDraws : sampleBinomial(random, remainingDraws, mass / remainingMass);
      }
      (outputs[category] as Float64Array)[cell] = drawn;
      remainingMass -= mass;
      remainingDraws -= drawn;
    }
  }
  return target;
}
