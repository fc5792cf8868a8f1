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
  const k = options.k ?? 4;
  const scale = options.scale ?? 400;
  const base = options.base ?? 10;
  const ratings = new Float64Array(options.playerCount).fill(options.initial ?? 1000);
  const logBase = Math.log(base);
  for (let index = 0; index < battles.a.length; index += 1) {
    const a = battles.a[index] as number;
    const b = battles.b[index] as number;
    const ratingA = ratings[a] as number;
    const ratingB = ratings[b] as number;
    const expectedA = 1 / (1 + Math.exp(((ratingB - ratingA) / scale) * logBase));
    const delta = k * ((battles.outcome[index] as number) - expectedA);
    ratings[a] = ratingA + delta;
    ratings[b] = ratingB - delta;
  }
  return ratings;
}
