import { afterEach, describe, expect, it } from "vitest";
import type { BattleRecord, NewBattle } from "../spec/arena-store.js";
import type { Store } from "../spec/store.js";
import { createFakeJudge, userMessage } from "../scorers/judge/testing/fake-judge.js";
import { arenaStoreOf } from "../store/arena-store.js";
import { judgeBattles } from "./judge-battles.js";
import { judgeQuality } from "./judge-quality.js";
import { arenaFixture } from "./testing/arena-fixtures.js";
import { loadVoteQueue, voteBattle } from "./vote-queue.js";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function all(iterable: AsyncIterable<BattleRecord>): Promise<BattleRecord[]> {
  const items: BattleRecord[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function answers(request: Parameters<typeof userMessage>[0]): { first: string; second: string } {
  const text = userMessage(request);
  return { first: /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(text)?.[1] ?? "", second: /<answer_b>\n([\s\S]*?)\n<\/answer_b>/.exec(text)?.[1] ?? "" };
}

describe("judgeBattles", () => {
  it("judges every shared case in both orders, stores the orders, and resumes without judging twice", async () => {
    ({ store } = await arenaFixture({
      cases: 4,
      runs: { "run-a": { short: () => "ok" }, "run-b": { long: (index) => (index === 3 ? null : "a complete and careful answer") } },
    }));
    const arena = arenaStoreOf(store);
    // Prefers the longer answer, whatever its position.
    const judge = createFakeJudge({
      reply: (request) => {
        const { first, second } = answers(request);
        return JSON.stringify({ reason: "longer", winner: first.length > second.length ? "A" : "B" });
      },
    });
    const progress: number[] = [];
    const outcome = await judgeBattles({ store, arena, runs: ["run-a", "run-b"], judge, judgeName: "grader", now: () => 42, onProgress: (state) => progress.push(state.done) });
    expect(outcome).toMatchObject({ pairs: 3, alreadyJudged: 0, judged: 3, failed: 0, inconsistent: 0 });
    expect(judge.requests).toHaveLength(6);
    expect(userMessage(judge.requests[0]!)).toContain("Question 0?");
    expect(progress.at(-1)).toBe(3);
    const battles = await all(arena.readBattles());
    expect(battles).toHaveLength(3);
    expect(battles[0]).toMatchObject({ modelA: "short", modelB: "long", winner: "b", source: "judge", judge: "grader", caseId: "q0", runA: "run-a", runB: "run-b", shownFirst: null, createdAt: 42 });
    expect(battles[0]!.verdicts).toEqual([
      { shownFirst: "a", winner: "b", reason: "longer" },
      { shownFirst: "b", winner: "b", reason: "longer" },
    ]);
    const again = await judgeBattles({ store, arena, runs: ["run-a", "run-b"], judge, judgeName: "grader" });
    expect(again).toMatchObject({ pairs: 3, alreadyJudged: 3, judged: 0 });
    expect(judge.requests).toHaveLength(6);
  });

  it("turns disagreeing orders into ties, and measures the judge's position bias against human votes", async () => {
    ({ store } = await arenaFixture({ cases: 6, runs: { "run-1": { x: (index) => `x answer ${index}`, y: (index) => `y answer ${index}` } } }));
    const arena = arenaStoreOf(store);
    // Always picks the answer shown first: every pair is inconsistent.
    const judge = createFakeJudge({ reply: () => 'I prefer the first. [[A]]' });
    const outcome = await judgeBattles({ store, arena, runs: ["run-1"], judge, judgeName: "biased" });
    expect(outcome).toMatchObject({ judged: 6, inconsistent: 6 });
    const judged = await all(arena.readBattles({ sources: ["judge"] }));
    expect(judged.every((battle) => battle.winner === "tie")).toBe(true);

    // A person votes x better on every case (x shown on the left half of the time).
    const queue = await loadVoteQueue({ store, arena, runs: ["run-1"], voter: "ann" });
    expect(queue.pairs).toHaveLength(6);
    const votes: NewBattle[] = queue.pairs.map((pair, index) => {
      const left = index % 2 === 0 ? "a" : "b";
      const xSide = pair.a.name === "x" ? "a" : "b";
      return voteBattle({ pair, left, choice: xSide === left ? "left" : "right", voter: "ann", createdAt: 1 });
    });
    await arena.insertBattles(votes);
    expect((await loadVoteQueue({ store, arena, runs: ["run-1"], voter: "ann" })).voted.size).toBe(6);
    expect((await loadVoteQueue({ store, arena, runs: ["run-1"], voter: "bob" })).voted.size).toBe(0);

    const quality = judgeQuality(await all(arena.readBattles()));
    const biased = quality.find((item) => item.judge === "biased")!;
    expect(biased.first_shown_wins).toMatchObject({ n: 12, rate: 1 });
    expect(biased.order_consistency).toMatchObject({ n: 6, rate: 0 });
    // The judge said tie where the person chose x: no agreement.
    expect(biased.human_agreement).toMatchObject({ n: 6, rate: 0 });
    const human = quality.find((item) => item.judge === "human:ann")!;
    expect(human.first_shown_wins).toMatchObject({ n: 6, rate: 0.5 });
    expect(human.human_agreement).toBeNull();
  });

  it("counts pairs the judge could not read and fails only when every pair failed", async () => {
    ({ store } = await arenaFixture({ cases: 2, runs: { "run-1": { x: () => "one", y: () => "two" } } }));
    const arena = arenaStoreOf(store);
    const mumbling = createFakeJudge({ reply: () => "hmm" });
    const failure = await judgeBattles({ store, arena, runs: ["run-1"], judge: mumbling, judgeName: "m" }).catch((error: unknown) => error);
    expect(String(failure)).toContain("the judge failed on every pair it was given (2)");
    let calls = 0;
    const flaky = createFakeJudge({ reply: () => (calls++ < 2 ? "hmm" : '{"reason": "fine", "winner": "tie"}') });
    const outcome = await judgeBattles({ store, arena, runs: ["run-1"], judge: flaky, judgeName: "f", concurrency: 1 });
    expect(outcome).toMatchObject({ judged: 1, failed: 1 });
    expect(outcome.firstError?.message).toContain("could not be read");
  });

  it("stops early when the judge fails on every one of the first pairs", async () => {
    ({ store } = await arenaFixture({ cases: 40, runs: { "run-1": { x: () => "one", y: () => "two" } } }));
    const broken = createFakeJudge({ reply: () => "no verdict here" });
    const failure = await judgeBattles({ store, arena: arenaStoreOf(store), runs: ["run-1"], judge: broken, judgeName: "b", concurrency: 1 }).catch((error: unknown) => error);
    expect(String(failure)).toContain("(8 of 40; stopped early)");
    expect(broken.requests.length).toBe(16);
  });

  it("refuses runs that hold fewer than two candidates", async () => {
    ({ store } = await arenaFixture({ cases: 2, runs: { "run-1": { x: () => "one" } } }));
    const failure = await judgeBattles({ store, arena: arenaStoreOf(store), runs: ["run-1"], judge: createFakeJudge({ reply: () => "" }), judgeName: "j" }).catch((error: unknown) => error);
    expect(String((failure as Error).message)).toContain("pairwise comparison needs two or more");
    const missing = await judgeBattles({ store, arena: arenaStoreOf(store), runs: ["nope"], judge: createFakeJudge({ reply: () => "" }), judgeName: "j" }).catch((error: unknown) => error);
    expect(String((missing as Error).message)).toContain("--run nope");
  });
});

describe("judgeBattles: blind", () => {
  it("shows the judge what the models were given, never a replay's recorded answers as case fields, the reference or other fields", async () => {
    ({ store } = await arenaFixture({
      cases: 1,
      fields: () => ({ context: "Some context.", expected: "The reference", recorded: "Recorded answer", notes: "internal notes" }),
      runs: { run: { prompted: () => "", replayed: () => "Recorded answer" } },
      project: {
        providers: { model: { type: "simulated", response: "echo" }, production: { type: "replay", field: "recorded" } },
        prompts: { qa: { text: "{{ context }} {{ input }}" } },
        candidates: [
          { id: "prompted", provider: "model", prompt: "qa" },
          { id: "replayed", provider: "production" },
        ],
      },
    }));
    const judge = createFakeJudge({ reply: () => JSON.stringify({ reason: "r", winner: "A" }) });
    await judgeBattles({ store, arena: arenaStoreOf(store), runs: ["run"], judge, judgeName: "grader" });
    expect(judge.requests).toHaveLength(2);
    for (const request of judge.requests) {
      const text = userMessage(request);
      expect(text).toContain("context: Some context.");
      expect(text).toContain("input: Question 0?");
      expect(text).not.toMatch(/The reference|internal notes|recorded:/);
      // The replay's answer appears once, as its answer; the empty answer says so.
      expect(text.split("Recorded answer")).toHaveLength(2);
      expect(answers(request).first === "(empty answer)" || answers(request).second === "(empty answer)").toBe(true);
    }
  });
});
