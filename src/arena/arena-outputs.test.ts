import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../spec/store.js";
import { arenaStoreOf } from "../store/arena-store.js";
import { loadArenaOutputs, shownAnswer } from "./arena-outputs.js";
import { arenaFixture } from "./testing/arena-fixtures.js";
import { loadVoteQueue } from "./vote-queue.js";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** A run with a prompted model and a replay of recorded answers, over rows that hold more than either was given. */
function blindFixture(): ReturnType<typeof arenaFixture> {
  return arenaFixture({
    cases: 2,
    fields: (index) => ({ context: `Context ${index}.`, expected: `Reference ${index}`, recorded: `Recorded answer ${index}`, recorded_ms: 120, notes: "internal notes" }),
    runs: { run: { prompted: (index) => `Prompted answer ${index}`, replayed: (index) => `Recorded answer ${index}` } },
    project: {
      providers: { model: { type: "simulated", response: "echo" }, production: { type: "replay", field: "recorded", latency_field: "recorded_ms" } },
      prompts: { qa: { text: "Use the context.\n{{ context }}\nQuestion: {{ input }}" } },
      candidates: [
        { id: "prompted", provider: "model", prompt: "qa" },
        { id: "replayed", provider: "production" },
      ],
    },
  });
}

describe("loadArenaOutputs: what a blind comparison shows of a case", () => {
  it("shows the fields the candidates' prompts read, never a replay's recorded answers, the reference or other fields", async () => {
    ({ store } = await blindFixture());
    const outputs = await loadArenaOutputs({ store, runs: ["run"] });
    expect(outputs.cases.map((item) => item.shown)).toEqual([
      { context: "Context 0.", input: "Question 0?" },
      { context: "Context 1.", input: "Question 1?" },
    ]);
    const queue = await loadVoteQueue({ store, arena: arenaStoreOf(store), runs: ["run"], voter: "ann" });
    expect(JSON.stringify(queue.pairs.map((pair) => pair.shown))).not.toMatch(/Recorded|Reference|internal/);
  });

  it("shows the reference when the arena is configured to", async () => {
    ({ store } = await blindFixture());
    const outputs = await loadArenaOutputs({ store, runs: ["run"], showReference: true });
    expect(outputs.cases[0]!.shown).toEqual({ context: "Context 0.", input: "Question 0?", expected: "Reference 0" });
  });

  it("says when an answer is empty", () => {
    expect(shownAnswer("")).toBe("(empty answer)");
    expect(shownAnswer("  \n")).toBe("(empty answer)");
    expect(shownAnswer("fine")).toBe("fine");
  });
});
