import { eloPerLogUnit, fitBradleyTerry, unboundedDirections } from "./bradley-terry.js";
import { resamplePairwiseCounts, type PairwiseCounts } from "./pairwise-counts.js";
import { quantile } from "./percentile.js";
import { createRandom } from "./random.js";
import { checkConfidence } from "./wilson-interval.js";

/**
 * Bradley-Terry ratings on the Elo scale with percentile-bootstrap intervals, as Chatbot Arena reports
 * them: the point estimate is the maximum-likelihood fit of all battles; each bootstrap round refits a
 * resample of the battles (drawn as multinomial cell counts, see `resamplePairwiseCounts`), and a
 * player's interval is the (1 - confidence)/2 and (1 + confidence)/2 quantiles of its rounds.
 */
export interface RatingScale {
  /**
   * What fixes the scale's zero (strengths only determine differences): by default the mean rating is
   * `center`; with `anchor`, that player's rating is `center` (Chatbot Arena pins one model).
   */
  center?: number;
  anchor?: number;
}

export interface BradleyTerryRatingsOptions extends RatingScale {
  /** Bootstrap rounds; default 100. 0 gives point estimates with no intervals (NaN). */
  rounds?: number;
  /** Seed of the resampling; the same seed gives the same intervals. Default 0. */
  seed?: number;
  /** Default 0.95. */
  confidence?: number;
}

export interface BradleyTerryRatings {
  rating: Float64Array;
  /** Interval ends (NaN without rounds); -Infinity / +Infinity where the data leave the strength unbounded on that side. */
  low: Float64Array;
  high: Float64Array;
  /** 1 + the number of players whose interval lies wholly above this player's (Chatbot Arena's rank). */
  rank: Int32Array;
  rounds: number;
  /** The ridge of the point fit (0: the plain maximum-likelihood estimate). */
  ridge: number;
}

/** Strengths to ratings on the Elo scale (400 points per factor of 10 in the odds), anchored per `scale`. */
export function toEloRatings(strengths: Float64Array, scale: RatingScale = {}): Float64Array {
  const center = scale.center ?? 1000;
  let reference = 0;
  if (scale.anchor !== undefined) reference = strengths[scale.anchor] as number;
  else {
    for (const value of strengths) reference += value;
    reference /= strengths.length || 1;
  }
  return strengths.map((value) => center + eloPerLogUnit * (value - reference));
}

/** Ranks that respect intervals: 1 + how many players have a lower bound above this one's upper bound. */
export function intervalRanks(low: ArrayLike<number>, high: ArrayLike<number>): Int32Array {
  const ranks = new Int32Array(low.length);
  for (let player = 0; player < low.length; player += 1) {
    let above = 0;
    for (let other = 0; other < low.length; other += 1) if ((low[other] as number) > (high[player] as number)) above += 1;
    ranks[player] = 1 + above;
  }
  return ranks;
}

export function bradleyTerryRatings(counts: PairwiseCounts, options: BradleyTerryRatingsOptions = {}): BradleyTerryRatings {
  const rounds = options.rounds ?? 100;
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  if (!(Number.isInteger(rounds) && rounds >= 0)) throw new RangeError(`bradleyTerryRatings: rounds must be a whole number >= 0, got ${rounds}`);
  const scale: RatingScale = { center: options.center ?? 1000, ...(options.anchor === undefined ? {} : { anchor: options.anchor }) };
  const point = fitBradleyTerry(counts);
  const rating = toEloRatings(point.strengths, scale);
  const players = counts.playerCount;
  const low = new Float64Array(players).fill(Number.NaN);
  const high = new Float64Array(players).fill(Number.NaN);
  if (rounds > 0) {
    const random = createRandom(options.seed ?? 0);
    const samples = Array.from({ length: players }, () => new Float64Array(rounds));
    let resample: PairwiseCounts | undefined;
    for (let round = 0; round < rounds; round += 1) {
      resample = resamplePairwiseCounts(counts, random, resample);
      const fit = fitBradleyTerry(resample, { initial: point.strengths });
      const ratings = toEloRatings(fit.strengths, scale);
      for (let player = 0; player < players; player += 1) (samples[player] as Float64Array)[round] = ratings[player] as number;
    }
    const tail = (1 - confidence) / 2;
    // Where the data do not bound a strength, resampling cannot show it (every resample is as
    // one-sided): the interval is open on that side.
    const open = point.ridge > 0 ? unboundedDirections(counts) : new Uint8Array(players);
    for (let player = 0; player < players; player += 1) {
      const sorted = (samples[player] as Float64Array).sort();
      low[player] = ((open[player] as number) & 2) !== 0 ? Number.NEGATIVE_INFINITY : quantile(sorted, tail);
      high[player] = ((open[player] as number) & 1) !== 0 ? Number.POSITIVE_INFINITY : quantile(sorted, 1 - tail);
    }
  }
  const rank = rounds > 0 ? intervalRanks(low, high) : intervalRanks(rating, rating);
  return { rating, low, high, rank, rounds, ridge: point.ridge };
}
