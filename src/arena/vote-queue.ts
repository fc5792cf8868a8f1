import type { ArenaStore, BattleWinner, NewBattle } from "../spec/arena-store.js";
import type { Store } from "../spec/store.js";
import { loadArenaOutputs, type ArenaModel } from "./arena-outputs.js";

/** One comparison a person can vote on: two models' outputs for the same case. */
export interface VotePair {
  caseId: string;
  /** What the models were given (see `ArenaCase.shown`). */
  shown: Record<string, unknown>;
  a: ArenaModel;
  b: ArenaModel;
  outputA: string;
  outputB: string;
}

export interface VoteQueue {
  /** Every pair the runs offer, in case order. */
  pairs: VotePair[];
  /** Keys (`votePairKey`) of the pairs this voter has voted on already. */
  voted: Set<string>;
}

/** The identity of a pair: case and the unordered pair of (run, candidate). */
export function votePairKey(caseId: string, a: ArenaModel, b: ArenaModel): string {
  return [caseId, ...[`${a.runId}\u0001${a.candidateId}`, `${b.runId}\u0001${b.candidateId}`].sort()].join("\u0000");
}

/** All pairs of the runs' outputs, and which of them `voter` has voted on (so a reload resumes). */
export async function loadVoteQueue(options: { store: Store; arena: ArenaStore; runs: readonly string[]; voter: string; showReference?: boolean }): Promise<VoteQueue> {
  const outputs = await loadArenaOutputs({ store: options.store, runs: options.runs, showReference: options.showReference === true });
  const byName = new Map(outputs.models.map((model) => [model.name, model]));
  const pairs: VotePair[] = [];
  for (const item of outputs.cases) {
    const names = [...item.outputs.keys()];
    for (let i = 0; i < names.length; i += 1) {
      for (let j = i + 1; j < names.length; j += 1) {
        const a = byName.get(names[i] as string) as ArenaModel;
        const b = byName.get(names[j] as string) as ArenaModel;
        pairs.push({ caseId: item.caseId, shown: item.shown, a, b, outputA: item.outputs.get(a.name) as string, outputB: item.outputs.get(b.name) as string });
      }
    }
  }
  const voted = new Set<string>();
  for await (const battle of options.arena.readBattles({ sources: ["human"], judge: options.voter })) {
    if (battle.caseId === null || battle.runA === null || battle.runB === null) continue;
    const a = outputs.models.find((model) => model.name === battle.modelA && model.runId === battle.runA);
    const b = outputs.models.find((model) => model.name === battle.modelB && model.runId === battle.runB);
    if (a !== undefined && b !== undefined) voted.add(votePairKey(battle.caseId, a, b));
  }
  return { pairs, voted };
}

/** A person's vote as a battle: `left` is the model shown on the left (first). */
export function voteBattle(options: { pair: VotePair; left: "a" | "b"; choice: "left" | "right" | "tie"; voter: string; createdAt: number }): NewBattle {
  const { pair, left, choice } = options;
  const right = left === "a" ? "b" : "a";
  const winner: BattleWinner = choice === "tie" ? "tie" : choice === "left" ? left : right;
  return {
    modelA: pair.a.name,
    modelB: pair.b.name,
    winner,
    source: "human",
    judge: options.voter,
    caseId: pair.caseId,
    runA: pair.a.runId,
    runB: pair.b.runId,
    shownFirst: left,
    verdicts: null,
    createdAt: options.createdAt,
  };
}
