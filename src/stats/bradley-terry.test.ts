import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eloPerLogUnit, fallbackRidge, fitBradleyTerry, maximumLikelihoodExists, unboundedDirections } from "./bradley-terry.js";
import { PairwiseCountsBuilder, type PairwiseCounts } from "./pairwise-counts.js";

/**
 * Journal citations (Stigler 1994, analysed by Agresti), /work/shared/reference/metrics.md: row i,
 * column j is how often journal j cited journal i, i.e. the wins of i over j.
 */
const journals = ["Biometrika", "Comm Statist", "JASA", "JRSS-B"] as const;
const citations = [
  [0, 730, 498, 221],
  [33, 0, 68, 17],
  [320, 813, 0, 142],
  [284, 276, 325, 0],
];

function journalCounts(): PairwiseCounts {
  const builder = new PairwiseCountsBuilder(journals.length);
  citations.forEach((row, i) => row.forEach((wins, j) => wins > 0 && builder.add(i, j, "win", wins)));
  return builder.counts();
}

/** Counts from a list of [a, b, wins of a, wins of b, ties]. */
function countsOf(players: number, cells: readonly (readonly [number, number, number, number, number])[]): PairwiseCounts {
  const builder = new PairwiseCountsBuilder(players);
  for (const [a, b, wins, losses, ties] of cells) {
    if (wins > 0) builder.add(a, b, "win", wins);
    if (losses > 0) builder.add(a, b, "loss", losses);
    if (ties > 0) builder.add(a, b, "tie", ties);
  }
  return builder.counts();
}

/** The score equations: at the maximum each player's wins (ties half) equal its expected wins. */
function scoreResiduals(counts: PairwiseCounts, theta: Float64Array): Float64Array {
  const residual = new Float64Array(counts.playerCount);
  for (let cell = 0; cell < counts.first.length; cell += 1) {
    const i = counts.first[cell] as number;
    const j = counts.second[cell] as number;
    const half = (counts.ties[cell] as number) / 2;
    const won = (counts.wins[cell] as number) + half;
    const total = won + (counts.losses[cell] as number) + half;
    const expected = total / (1 + Math.exp((theta[j] as number) - (theta[i] as number)));
    residual[i] = (residual[i] as number) + won - expected;
    residual[j] = (residual[j] as number) - (won - expected);
  }
  return residual;
}

const smallTournament = fc
  .integer({ min: 2, max: 6 })
  .chain((players) =>
    fc.array(
      fc.tuple(fc.integer({ min: 0, max: players - 1 }), fc.integer({ min: 0, max: players - 1 }), fc.nat(30), fc.nat(30), fc.nat(10)),
      { minLength: 1, maxLength: 20 },
    ).map((cells) => ({ players, cells: cells.filter(([a, b]) => a !== b) })),
  );

describe("fitBradleyTerry", () => {
  it("reproduces the published journal log-strengths (Biometrika fixed at 0)", () => {
    const fit = fitBradleyTerry(journalCounts());
    expect(fit.ridge).toBe(0);
    const relative = Array.from(fit.strengths, (value) => value - (fit.strengths[0] as number));
    expect(relative[1]).toBeCloseTo(-2.9491, 4);
    expect(relative[2]).toBeCloseTo(-0.4796, 4);
    expect(relative[3]).toBeCloseTo(0.269, 4);
    // On the Elo scale: 400 d / ln 10.
    expect(relative[1]! * eloPerLogUnit).toBeCloseTo((-2.9491 * 400) / Math.LN10, 1);
  });

  it("gives the closed form for two players: the log of wins over losses, ties counting half", () => {
    const fit = fitBradleyTerry(countsOf(2, [[0, 1, 30, 10, 4]]));
    expect((fit.strengths[0] as number) - (fit.strengths[1] as number)).toBeCloseTo(Math.log(32 / 12), 10);
    expect((fit.strengths[0] as number) + (fit.strengths[1] as number)).toBeCloseTo(0, 12);
  });

  it("solves the score equations whenever the maximum exists", () => {
    fc.assert(
      fc.property(smallTournament, ({ players, cells }) => {
        const counts = countsOf(players, cells);
        fc.pre(maximumLikelihoodExists(counts));
        const fit = fitBradleyTerry(counts);
        expect(fit.ridge).toBe(0);
        for (const residual of scoreResiduals(counts, fit.strengths)) expect(Math.abs(residual)).toBeLessThan(1e-6);
        expect(Math.abs(fit.strengths.reduce((sum, value) => sum + value, 0))).toBeLessThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on how the players are numbered", () => {
    fc.assert(
      fc.property(smallTournament, fc.integer(), ({ players, cells }, seed) => {
        const counts = countsOf(players, cells);
        fc.pre(maximumLikelihoodExists(counts));
        const permutation = Array.from({ length: players }, (_, index) => index).sort((left, right) => ((left * 7919 + seed) % 13) - ((right * 7919 + seed) % 13) || left - right);
        const relabelled = countsOf(players, cells.map(([a, b, w, l, t]) => [permutation[a]!, permutation[b]!, w, l, t] as const));
        const original = fitBradleyTerry(counts);
        const moved = fitBradleyTerry(relabelled);
        for (let player = 0; player < players; player += 1) expect(moved.strengths[permutation[player]!]).toBeCloseTo(original.strengths[player]!, 6);
      }),
      { numRuns: 100 },
    );
  });

  it("stays finite with a weak ridge when a player never lost, and says so", () => {
    const counts = countsOf(3, [
      [0, 1, 5, 0, 0],
      [1, 2, 3, 3, 0],
      [0, 2, 2, 0, 0],
    ]);
    expect(maximumLikelihoodExists(counts)).toBe(false);
    const fit = fitBradleyTerry(counts);
    expect(fit.ridge).toBe(fallbackRidge);
    for (const value of fit.strengths) expect(Number.isFinite(value)).toBe(true);
    expect(fit.strengths[0]).toBeGreaterThan(fit.strengths[1]!);
  });

  it("treats ties as evidence of equal strength", () => {
    const fit = fitBradleyTerry(countsOf(2, [[0, 1, 0, 0, 10]]));
    expect(fit.ridge).toBe(0);
    expect(fit.strengths[0]).toBeCloseTo(0, 12);
  });
});

describe("unboundedDirections", () => {
  it("flags a group no outsider beat as unbounded above and one that beat no outsider as unbounded below", () => {
    // 0 beat everyone; 1 and 2 beat each other and 3; 3 never won.
    const counts = countsOf(4, [
      [0, 1, 2, 0, 0],
      [0, 2, 1, 0, 0],
      [1, 2, 3, 2, 0],
      [1, 3, 2, 0, 0],
      [2, 3, 1, 0, 0],
    ]);
    expect(Array.from(unboundedDirections(counts))).toEqual([1, 0, 0, 2]);
    expect(Array.from(unboundedDirections(journalCounts()))).toEqual([0, 0, 0, 0]);
  });

  it("leaves every player bounded exactly when the maximum-likelihood estimate exists", () => {
    fc.assert(
      fc.property(smallTournament, ({ players, cells }) => {
        const counts = countsOf(players, cells);
        const flags = unboundedDirections(counts);
        // Players who never met anyone form singleton groups: unbounded both ways.
        expect(flags.every((flag) => flag === 0)).toBe(maximumLikelihoodExists(counts));
      }),
      { numRuns: 200 },
    );
  });
});
