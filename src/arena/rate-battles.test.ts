import { describe, expect, it } from "vitest";
import { isTuneopsError } from "../spec/errors.js";
import { eloPerLogUnit } from "../stats/bradley-terry.js";
import { BattleTally, rateBattles, type RatedBattle } from "./rate-battles.js";

function repeat(modelA: string, modelB: string, winner: RatedBattle["winner"], count: number): RatedBattle[] {
  return Array.from({ length: count }, () => ({ modelA, modelB, winner }));
}

describe("rateBattles", () => {
  const battles = [...repeat("x", "y", "a", 30), ...repeat("x", "y", "b", 10), ...repeat("y", "x", "tie", 4), ...repeat("y", "z", "a", 20), ...repeat("z", "y", "a", 20), ...repeat("x", "z", "a", 5), ...repeat("z", "x", "a", 5)];

  it("rates on the Elo scale around 1000 with intervals, counts and online Elo", async () => {
    const ratings = await rateBattles(battles, { seed: 1 });
    expect(ratings.battles).toBe(battles.length);
    expect(ratings.bootstrap).toBe(100);
    expect(ratings.regularized).toBe(false);
    const mean = ratings.models.reduce((sum, model) => sum + model.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 9);
    const x = ratings.models.find((model) => model.model === "x")!;
    expect(ratings.models[0]!.model).toBe("x");
    expect(x).toMatchObject({ battles: 54, wins: 35, losses: 15, ties: 4 });
    expect(x.ci_low!).toBeLessThan(x.rating);
    expect(x.ci_high!).toBeGreaterThan(x.rating);
    expect(x.elo).toBeGreaterThan(1000);
    for (const model of ratings.models) expect(model.rank).toBeGreaterThanOrEqual(1);
  });

  it("matches the two-player closed form: 400 log10 of wins over losses, ties half", async () => {
    const ratings = await rateBattles([...repeat("p", "q", "a", 30), ...repeat("p", "q", "b", 10), ...repeat("p", "q", "tie", 4)], { bootstrap: 0 });
    const [p, q] = ratings.models;
    expect(p!.rating - q!.rating).toBeCloseTo(eloPerLogUnit * Math.log(32 / 12), 9);
    expect(p!.ci_low).toBeNull();
  });

  it("is the same for the same seed and pins a named anchor", async () => {
    expect(await rateBattles(battles, { seed: 5 })).toEqual(await rateBattles(battles, { seed: 5 }));
    const anchored = await rateBattles(battles, { anchor: "y", bootstrap: 10 });
    expect(anchored.models.find((model) => model.model === "y")!.rating).toBeCloseTo(1000, 9);
    expect(anchored.scale).toBe("y fixed at 1000");
  });

  it("refuses an anchor no battle names", async () => {
    const failure = await rateBattles(battles, { anchor: "nobody" }).catch((error: unknown) => error);
    expect(isTuneopsError(failure) && failure.code).toBe("input_invalid");
    expect(String((failure as Error).message)).toContain("--anchor nobody");
  });

  it("says when a weak prior had to be added (a model that never lost)", async () => {
    const ratings = await rateBattles([...repeat("p", "q", "a", 3), ...repeat("q", "r", "a", 2), ...repeat("r", "q", "a", 2)], { bootstrap: 10 });
    expect(ratings.regularized).toBe(true);
    expect(ratings.models[0]!.model).toBe("p");
  });
});

describe("rateBattles with one-sided data", () => {
  it("leaves the interval open where no battle bounds the rating", async () => {
    const ratings = await rateBattles([...repeat("p", "q", "a", 3), ...repeat("q", "r", "a", 2), ...repeat("r", "q", "a", 2), ...repeat("p", "r", "a", 1)], { bootstrap: 20 });
    const p = ratings.models.find((model) => model.model === "p")!;
    const q = ratings.models.find((model) => model.model === "q")!;
    expect(p.ci_high).toBeNull();
    expect(p.ci_low).not.toBeNull();
    expect(q.ci_low).toBeNull();
    expect(q.ci_high).not.toBeNull();
    expect(p.rank).toBe(1);
  });
});

describe("rateBattles with groups that never met", () => {
  it("names the groups and rates and ranks each on its own, with finite intervals", async () => {
    const battles = [
      ...repeat("p", "q", "a", 12),
      ...repeat("p", "q", "b", 6),
      ...repeat("q", "p", "tie", 2),
      ...repeat("r", "s", "a", 10),
      ...repeat("r", "s", "b", 10),
      ...repeat("s", "t", "a", 8),
      ...repeat("t", "s", "a", 7),
    ];
    const ratings = await rateBattles(battles, { seed: 3, bootstrap: 50 });
    expect(ratings.groups).toEqual([
      { group: 1, models: ["p", "q"] },
      { group: 2, models: expect.arrayContaining(["r", "s", "t"]) as unknown as string[] },
    ]);
    expect(ratings.regularized).toBe(false);
    for (const model of ratings.models) {
      expect(model.ci_low).not.toBeNull();
      expect(model.ci_high).not.toBeNull();
    }
    const p = ratings.models.find((model) => model.model === "p")!;
    const q = ratings.models.find((model) => model.model === "q")!;
    expect(p.group).toBe(1);
    expect(q.group).toBe(1);
    expect(p.rating - q.rating).toBeCloseTo(eloPerLogUnit * Math.log(13 / 7), 6);
    expect((p.rating + q.rating) / 2).toBeCloseTo(1000, 9);
    const second = ratings.models.filter((model) => model.group === 2);
    expect(second.map((model) => model.model).sort()).toEqual(["r", "s", "t"]);
    expect(second.reduce((sum, model) => sum + model.rating, 0) / 3).toBeCloseTo(1000, 9);
    expect(ratings.models.map((model) => model.group)).toEqual([1, 1, 2, 2, 2]);
  });

  it("keeps one group unmarked", async () => {
    const ratings = await rateBattles([...repeat("p", "q", "a", 3), ...repeat("q", "p", "a", 2)], { bootstrap: 0 });
    expect(ratings.groups).toBeUndefined();
    expect(ratings.models[0]!.group).toBeUndefined();
  });
});

describe("BattleTally", () => {
  it("rates a stream fed one battle at a time exactly as the battles held in an array", async () => {
    const models = ["m0", "m1", "m2", "m3", "m4"];
    let state = 7;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const battles: RatedBattle[] = Array.from({ length: 3000 }, () => {
      const a = Math.floor(next() * 5);
      const b = (a + 1 + Math.floor(next() * 4)) % 5;
      const draw = next();
      return { modelA: models[a] as string, modelB: models[b] as string, winner: draw < 0.1 ? "tie" : draw < 0.1 + (0.3 + a * 0.1) ? "a" : "b" };
    });
    const tally = new BattleTally();
    for (const battle of battles) tally.add(battle);
    tally.add({ modelA: "m1", modelB: "m1", winner: "a" });
    expect(tally.battles).toBe(3000);
    const streamed = tally.rate({ bootstrap: 20, seed: 3 });
    async function* asStream(): AsyncIterable<RatedBattle> {
      yield* battles;
    }
    expect(streamed).toEqual(await rateBattles(asStream(), { bootstrap: 20, seed: 3 }));
    expect(streamed.models.reduce((sum, model) => sum + model.battles, 0)).toBe(6000);
  });
});
