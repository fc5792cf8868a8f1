import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArenaStore, NewBattle } from "../spec/arena-store.js";
import type { Store } from "../spec/store.js";
import { arenaStoreOf } from "./arena-store.js";

function battle(fields: Partial<NewBattle> = {}): NewBattle {
  return {
    modelA: "alpha",
    modelB: "beta",
    winner: "a",
    source: "human",
    judge: "ann",
    caseId: "c1",
    runA: "run-1",
    runB: "run-2",
    shownFirst: "b",
    verdicts: null,
    createdAt: 1_700_000_000_000,
    ...fields,
  };
}

/** The arena store's conformance suite, run on every dialect. `create` returns a fresh, migrated store. */
export function describeArenaStoreConformance(name: string, create: () => Promise<Store>): void {
  describe(`ArenaStore conformance: ${name}`, () => {
    let store: Store;
    let arena: ArenaStore;
    beforeEach(async () => {
      store = await create();
      arena = arenaStoreOf(store);
    });
    afterEach(async () => {
      await store.close();
    });

    it("stores battles and reads them back in the order stored, every field intact", async () => {
      const judged = battle({
        source: "judge",
        judge: "grader",
        winner: "tie",
        shownFirst: null,
        verdicts: [
          { shownFirst: "a", winner: "a", reason: "naïve ✓ 日本" },
          { shownFirst: "b", winner: "b" },
        ],
        createdAt: 1_700_000_000_000,
      });
      const imported = battle({ source: "import", judge: "gpt-4", caseId: null, runA: null, runB: null, shownFirst: null, winner: "b", createdAt: 1_700_000_000_000 });
      // Same millisecond: storage order still decides.
      expect(await arena.insertBattles([battle(), judged, imported])).toBe(3);
      expect(await arena.insertBattles([battle({ modelA: "gamma", createdAt: 1_700_000_000_001 })])).toBe(1);
      const read = [];
      for await (const record of arena.readBattles()) read.push(record);
      expect(read.map(({ id: _id, ...rest }) => rest)).toEqual([battle(), judged, imported, battle({ modelA: "gamma", createdAt: 1_700_000_000_001 })]);
      expect(new Set(read.map((record) => record.id)).size).toBe(4);
      expect(await arena.countBattles()).toBe(4);
    });

    it("filters by source and judge, and pages through many battles in order", async () => {
      const many = Array.from({ length: 3_500 }, (_, index) => battle({ source: index % 2 === 0 ? "judge" : "human", judge: index % 3 === 0 ? "x" : "y", caseId: `c${index}`, createdAt: 1_700_000_000_000 + Math.floor(index / 7) }));
      expect(await arena.insertBattles(many)).toBe(3_500);
      const judged: string[] = [];
      for await (const record of arena.readBattles({ sources: ["judge"] })) judged.push(record.caseId ?? "");
      expect(judged).toEqual(many.filter((_, index) => index % 2 === 0).map((item) => item.caseId));
      expect(await arena.countBattles({ sources: ["human"], judge: "x" })).toBe(many.filter((item) => item.source === "human" && item.judge === "x").length);
      expect(await arena.countBattles({ sources: [] })).toBe(0);
      expect(await arena.countBattles({ sources: ["human", "judge"] })).toBe(3_500);
    });

    it("stores a battle with an import key once, and battles without one every time", async () => {
      const keyed = [battle({ source: "import", importKey: "k1" }), battle({ source: "import", importKey: "k2", winner: "b" })];
      expect(await arena.insertBattles(keyed)).toBe(2);
      expect(await arena.insertBattles([...keyed, battle({ source: "import", importKey: "k3" })])).toBe(1);
      expect(await arena.insertBattles([battle(), battle()])).toBe(2);
      expect(await arena.insertBattles([battle(), battle()])).toBe(2);
      expect(await arena.countBattles()).toBe(7);
    });

    it("keeps its battles across a re-migration", async () => {
      await arena.insertBattles([battle()]);
      await store.migrate();
      expect(await arena.countBattles()).toBe(1);
    });
  });
}
