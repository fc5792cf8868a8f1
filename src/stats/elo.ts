/**
 * Online Elo, as Chatbot Arena's `compute_online_elo` computes it: every player starts at `initial`,
 * battles are replayed in order, and after each one both ratings move by K times (actual - expected),
 * where a win scores 1, a tie 1/2 and expected = 1 / (1 + base^((opponent - own) / scale)). The result
 * depends on the order of the battles, which is why it is only a secondary figure beside Bradley-Terry.
 */
export interface OnlineEloOptions {
  playerCount: number;
  /** Default 4 (Chatbot Arena). */
  k?: number;
  /** Default 1000. */
  initial?: number;
  /** Default 400 points per factor of `base` in the odds. */
  scale?: number;
  /** Default 10. */
  base?: number;
}

/** Battles in order, as parallel arrays: `outcome` is 1 when a won, 0 when b won, 0.5 for a tie. */
export interface BattleSequence {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  outcome: ArrayLike<number>;
}

export function onlineElo(battles: BattleSequence, options: OnlineEloOptions): Float64Array {
  const elo = new OnlineElo(options);
  for (let index = 0; index < battles.a.length; index += 1) elo.update(battles.a[index] as number, battles.b[index] as number, battles.outcome[index] as number);
  return elo.ratings(options.playerCount);
}

/**
 * Online Elo fed one battle at a time, for callers that stream battles instead of holding them: players
 * are indices, and one first seen starts at `initial`. `onlineElo` is this replayed over arrays.
 */
export class OnlineElo {
  readonly #k: number;
  readonly #scale: number;
  readonly #logBase: number;
  readonly #initial: number;
  #ratings: Float64Array;

  constructor(options: Partial<OnlineEloOptions> = {}) {
    this.#k = options.k ?? 4;
    this.#scale = options.scale ?? 400;
    this.#logBase = Math.log(options.base ?? 10);
    this.#initial = options.initial ?? 1000;
    this.#ratings = new Float64Array(Math.max(options.playerCount ?? 0, 16)).fill(this.#initial);
  }

  /** Replays one battle: `outcome` is 1 when a won, 0 when b won, 0.5 for a tie. */
  update(a: number, b: number, outcome: number): void {
    const needed = Math.max(a, b) + 1;
    if (needed > this.#ratings.length) this.#grow(needed);
    const ratings = this.#ratings;
    const ratingA = ratings[a] as number;
    const ratingB = ratings[b] as number;
    const expectedA = 1 / (1 + Math.exp(((ratingB - ratingA) / this.#scale) * this.#logBase));
    const delta = this.#k * (outcome - expectedA);
    ratings[a] = ratingA + delta;
    ratings[b] = ratingB - delta;
  }

  /** The ratings of players 0 .. playerCount - 1 (a copy). */
  ratings(playerCount: number): Float64Array {
    const ratings = new Float64Array(playerCount).fill(this.#initial);
    ratings.set(this.#ratings.subarray(0, Math.min(playerCount, this.#ratings.length)));
    return ratings;
  }

  #grow(needed: number): void {
    const grown = new Float64Array(Math.max(needed, this.#ratings.length * 2)).fill(this.#initial);
    grown.set(this.#ratings);
    this.#ratings = grown;
  }
}
