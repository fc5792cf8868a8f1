import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OnlineElo, onlineElo } from "./elo.js";

describe("onlineElo", () => {
  it("moves both players by K times the surprise, starting at 1000", () => {
    // Equal ratings: expected 1/2, so a win moves +2 and -2 with K = 4.
    const once = onlineElo({ a: [0], b: [1], outcome: [1] }, { playerCount: 2 });
    expect(Array.from(once)).toEqual([1002, 998]);
    // Then b wins: expected for a is 1 / (1 + 10^(-4/400)).
    const twice = onlineElo({ a: [0, 0], b: [1, 1], outcome: [1, 0] }, { playerCount: 2 });
    const expectedA = 1 / (1 + 10 ** ((998 - 1002) / 400));
    expect(twice[0]).toBeCloseTo(1002 - 4 * expectedA, 12);
    expect(twice[1]).toBeCloseTo(998 + 4 * expectedA, 12);
  });

  it("leaves ratings alone after a tie between equals, and honours K and the initial rating", () => {
    expect(Array.from(onlineElo({ a: [0], b: [1], outcome: [0.5] }, { playerCount: 2 }))).toEqual([1000, 1000]);
    expect(Array.from(onlineElo({ a: [0], b: [1], outcome: [1] }, { playerCount: 2, k: 32, initial: 1500 }))).toEqual([1516, 1484]);
  });

  it("conserves the total rating and rewards winning", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.nat(4), fc.constantFrom(0, 0.5, 1)), { maxLength: 200 }), (battles) => {
        const valid = battles.filter(([a, b]) => a !== b);
        const ratings = onlineElo({ a: valid.map(([a]) => a), b: valid.map(([, b]) => b), outcome: valid.map(([, , outcome]) => outcome) }, { playerCount: 5 });
        expect(ratings.reduce((sum, value) => sum + value, 0)).toBeCloseTo(5000, 6);
      }),
    );
  });
});

describe("OnlineElo", () => {
  it("grows to players first seen late, who start at the initial rating", () => {
    const elo = new OnlineElo({ k: 32, initial: 1500 });
    elo.update(0, 1, 1);
    elo.update(40, 0, 0.5);
    const ratings = elo.ratings(42);
    expect(ratings[1]).toBe(1484);
    expect(ratings[41]).toBe(1500);
    expect(ratings[40]).toBe(Array.from(onlineElo({ a: [0, 40], b: [1, 0], outcome: [1, 0.5] }, { playerCount: 41, k: 32, initial: 1500 }))[40]);
  });
});
