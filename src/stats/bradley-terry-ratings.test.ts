import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry.js";
import { bradleyTerryRatings, intervalRanks, toEloRatings } from "./bradley-terry-ratings.js";
import { PairwiseCountsBuilder, resamplePairwiseCounts, totalBattles, type PairwiseCounts, type PairwiseOutcome } from "./pairwise-counts.js";
import { quantile } from "./percentile.js";
import { createRandom, randomInt } from "./random.js";

interface Battle {
  a: number;
  b: number;
  outcome: PairwiseOutcome;
}

/** Battles among players of strengths `theta`, each pair equally likely, ties at `tieRate`. */
function simulate(theta: readonly number[], count: number, seed: number, tieRate = 0.1): Battle[] {
  const random = createRandom(seed);
  const battles: Battle[] = [];
  while (battles.length < count) {
    const a = randomInt(random, theta.length);
    const b = randomInt(random, theta.length);
    if (a === b) continue;
    const draw = random();
    const winA = (1 - tieRate) / (1 + Math.exp(theta[b]! - theta[a]!));
    battles.push({ a, b, outcome: draw < tieRate ? "tie" : draw < tieRate + winA ? "win" : "loss" });
  }
  return battles;
}

function aggregate(players: number, battles: readonly Battle[]): PairwiseCounts {
  const builder = new PairwiseCountsBuilder(players);
  for (const battle of battles) builder.add(battle.a, battle.b, battle.outcome);
  return builder.counts();
}

describe("resamplePairwiseCounts", () => {
  it("keeps the cells and the total, with whole counts", () => {
    const counts = aggregate(4, simulate([0, 0.5, 1, -1], 500, 3));
    const resampled = resamplePairwiseCounts(counts, createRandom(9));
    expect(totalBattles(resampled)).toBe(500);
    expect(resampled.first).toEqual(counts.first);
    for (const value of [...resampled.wins, ...resampled.losses, ...resampled.ties]) expect(Number.isInteger(value)).toBe(true);
  });

  it("keeps the total and never draws from an empty category, for any counts", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.constantFrom<PairwiseOutcome>("win", "loss", "tie"), fc.integer({ min: 1, max: 500 })), { minLength: 1, maxLength: 15 }), fc.integer(), (cells, seed) => {
        const builder = new PairwiseCountsBuilder(4);
        for (const [a, b, outcome, count] of cells) if (a !== b) builder.add(a, b, outcome, count);
        const counts = builder.counts();
        const resampled = resamplePairwiseCounts(counts, createRandom(seed));
        expect(totalBattles(resampled)).toBe(totalBattles(counts));
        for (let cell = 0; cell < counts.first.length; cell += 1) {
          if (counts.wins[cell] === 0) expect(resampled.wins[cell]).toBe(0);
          if (counts.losses[cell] === 0) expect(resampled.losses[cell]).toBe(0);
          if (counts.ties[cell] === 0) expect(resampled.ties[cell]).toBe(0);
        }
      }),
    );
  });

  it("has the distribution of resampling the battles themselves", () => {
    // A small set: naive bootstrap (draw N battles with replacement, then aggregate) against the
    // multinomial draw of cell counts. Each category's count must agree in mean and variance, and the
    // rating intervals the two produce must agree.
    const battles = simulate([0, 0.8, -0.4], 60, 5, 0.2);
    const counts = aggregate(3, battles);
    const rounds = 4000;
    const categories = counts.first.length * 3;
    const moments = (draw: (random: () => number) => PairwiseCounts, seed: number) => {
      const random = createRandom(seed);
      const sum = new Float64Array(categories);
      const squares = new Float64Array(categories);
      const ratings: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const sample = draw(random);
        const values = [...sample.wins, ...sample.losses, ...sample.ties];
        values.forEach((value, index) => {
          sum[index] = sum[index]! + value;
          squares[index] = squares[index]! + value * value;
        });
        ratings.push(toEloRatings(fitBradleyTerry(sample, { ridge: 0.01 }).strengths)[1]!);
      }
      const mean = Array.from(sum, (value) => value / rounds);
      const variance = Array.from(squares, (value, index) => value / rounds - mean[index]! ** 2);
      ratings.sort((left, right) => left - right);
      return { mean, variance, low: quantile(ratings, 0.025), high: quantile(ratings, 0.975) };
    };
    const naive = moments((random) => {
      const resampled: Battle[] = [];
      for (let index = 0; index < battles.length; index += 1) resampled.push(battles[randomInt(random, battles.length)]!);
      // Aggregate into the same cell order as the original counts.
      const builder = new PairwiseCountsBuilder(3);
      for (let cell = 0; cell < counts.first.length; cell += 1) builder.add(counts.first[cell]!, counts.second[cell]!, "tie", 0);
      for (const battle of resampled) builder.add(battle.a, battle.b, battle.outcome);
      return builder.counts();
    }, 1);
    const cells = moments((random) => resamplePairwiseCounts(counts, random), 2);
    const observed = [...counts.wins, ...counts.losses, ...counts.ties];
    for (let index = 0; index < categories; index += 1) {
      const share = observed[index]! / battles.length;
      const exactVariance = battles.length * share * (1 - share);
      const meanError = Math.sqrt(exactVariance / rounds);
      // Both match the multinomial's exact moments (5 standard errors), hence each other.
      expect(Math.abs(naive.mean[index]! - observed[index]!)).toBeLessThanOrEqual(5 * meanError + 1e-9);
      expect(Math.abs(cells.mean[index]! - observed[index]!)).toBeLessThanOrEqual(5 * meanError + 1e-9);
      if (exactVariance > 0) {
        expect(Math.abs(naive.variance[index]! / exactVariance - 1)).toBeLessThan(0.12);
        expect(Math.abs(cells.variance[index]! / exactVariance - 1)).toBeLessThan(0.12);
      } else {
        expect(cells.variance[index]).toBe(0);
      }
    }
    const width = naive.high - naive.low;
    expect(Math.abs(cells.low - naive.low)).toBeLessThan(0.1 * width);
    expect(Math.abs(cells.high - naive.high)).toBeLessThan(0.1 * width);
  });
});

describe("bradleyTerryRatings", () => {
  const theta = [0, 0.4, 0.8, -0.6, 1.6];
  const counts = aggregate(theta.length, simulate(theta, 4000, 21));

  it("is reproducible for a seed and brackets the point estimate", () => {
    const first = bradleyTerryRatings(counts, { seed: 7 });
    expect(bradleyTerryRatings(counts, { seed: 7 })).toEqual(first);
    expect(first.rounds).toBe(100);
    for (let player = 0; player < theta.length; player += 1) {
      expect(first.low[player]).toBeLessThan(first.rating[player]!);
      expect(first.high[player]).toBeGreaterThan(first.rating[player]!);
    }
    const mean = first.rating.reduce((sum, value) => sum + value, 0) / theta.length;
    expect(mean).toBeCloseTo(1000, 9);
  });

  it("recovers the true strengths within its intervals and ranks by them", () => {
    // No ties here: ties that happen whatever the strengths would pull every estimate towards the mean.
    const ratings = bradleyTerryRatings(aggregate(theta.length, simulate(theta, 4000, 21, 0)), { rounds: 200, seed: 3 });
    const truth = toEloRatings(Float64Array.from(theta));
    let covered = 0;
    for (let player = 0; player < theta.length; player += 1) if (ratings.low[player]! <= truth[player]! && truth[player]! <= ratings.high[player]!) covered += 1;
    expect(covered).toBeGreaterThanOrEqual(4);
    // The strongest (1.6) is clearly first; the rest sit below it.
    expect(ratings.rank[4]).toBe(1);
    expect(Math.min(...Array.from(ratings.rank).filter((_, player) => player !== 4))).toBeGreaterThan(1);
  });

  it("pins a named anchor at the center", () => {
    const anchored = bradleyTerryRatings(counts, { rounds: 20, anchor: 2, center: 1200 });
    expect(anchored.rating[2]).toBeCloseTo(1200, 9);
    expect(anchored.low[2]).toBeCloseTo(1200, 9);
    const free = bradleyTerryRatings(counts, { rounds: 0 });
    expect(anchored.rating[4]! - anchored.rating[0]!).toBeCloseTo(free.rating[4]! - free.rating[0]!, 9);
    expect(Number.isNaN(free.low[0])).toBe(true);
  });

  it("narrows its intervals as battles grow", () => {
    const few = bradleyTerryRatings(aggregate(theta.length, simulate(theta, 400, 8)), { seed: 1 });
    const many = bradleyTerryRatings(aggregate(theta.length, simulate(theta, 40_000, 8)), { seed: 1 });
    for (let player = 0; player < theta.length; player += 1) {
      expect(many.high[player]! - many.low[player]!).toBeLessThan(few.high[player]! - few.low[player]!);
    }
  });
});

describe("intervalRanks", () => {
  it("counts the intervals wholly above each one", () => {
    expect(Array.from(intervalRanks([10, 5, 0], [12, 11, 4]))).toEqual([1, 1, 3]);
    expect(Array.from(intervalRanks([0, 0], [1, 1]))).toEqual([1, 1]);
  });

  it("never ranks a player below one whose interval is wholly beneath it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true })), { minLength: 1, maxLength: 12 }), (intervals) => {
        const low = intervals.map(([start]) => start);
        const high = intervals.map(([start, width]) => start + width);
        const ranks = intervalRanks(low, high);
        for (let i = 0; i < intervals.length; i += 1) {
          expect(ranks[i]).toBeGreaterThanOrEqual(1);
          expect(ranks[i]).toBeLessThanOrEqual(intervals.length);
          for (let j = 0; j < intervals.length; j += 1) if (low[i]! > high[j]!) expect(ranks[i]).toBeLessThan(ranks[j]!);
        }
      }),
    );
  });
});
