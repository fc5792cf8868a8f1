import type { ArenaStore, BattleWinner, JudgeVerdict, NewBattle } from "../spec/arena-store.js";
import { TuneopsError, toErrorData, type ErrorData } from "../spec/errors.js";
import type { JudgeModel } from "../spec/scorer.js";
import type { Store } from "../spec/store.js";
import { formatCase } from "../scorers/judge/format-case.js";
import { callJudge } from "../scorers/judge/judge-call.js";
import { pairwisePrompt, type PairwiseWinner } from "../scorers/judge/judge-prompts.js";
import { pairwiseFromText, pairwiseVerdict } from "../scorers/judge/judge-verdicts.js";
import { loadArenaOutputs, shownAnswer, type ArenaModel } from "./arena-outputs.js";

export interface JudgeBattlesOptions {
  store: Store;
  arena: ArenaStore;
  runs: readonly string[];
  judge: JudgeModel;
  /** The judge's name on the stored battles (its provider name). */
  judgeName: string;
  /** Show the judge the case's reference (`arena.show_reference`); default false. */
  showReference?: boolean;
  /** Pairs judged at once; default 4. */
  concurrency?: number;
  now?: () => number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; failed: number }) => void;
}

export interface JudgeBattlesOutcome {
  /** Pairs (case, model A, model B) the runs offer. */
  pairs: number;
  /** Pairs this judge had already judged (skipped: judging resumes). */
  alreadyJudged: number;
  judged: number;
  /** Pairs whose verdict could not be had (the judge failed or answered unreadably). */
  failed: number;
  firstError: ErrorData | null;
  /** Judged pairs whose two orders disagreed (stored as ties). */
  inconsistent: number;
}

interface PairTask {
  caseId: string;
  caseText: string;
  a: ArenaModel;
  b: ArenaModel;
  outputA: string;
  outputB: string;
}

/** Battles stored per write: a killed judging run loses at most this many verdicts. */
const writeBatch = 20;

/** Pairs that may fail before the first success stops the run (a wrong key or model fails every call). */
const failuresBeforeGivingUp = 8;

function pairKey(caseId: string, first: string, second: string): string {
  return [caseId, ...[first, second].sort()].join("\u0000");
}

/** A verdict given with `first` shown as answer A, in terms of the battle's models a and b. */
function toBattleWinner(winner: PairwiseWinner, shownFirst: "a" | "b"): BattleWinner {
  if (winner === "tie") return "tie";
  const firstWon = winner === "A";
  return firstWon === (shownFirst === "a") ? "a" : "b";
}

/**
 * Both orders combined: a verdict stands when both orders agree; when they disagree (the judge followed
 * the position, not the answers) the battle is a tie (MT-Bench's and Chatbot Arena's swap rule).
 */
export function combineVerdicts(verdicts: readonly JudgeVerdict[]): BattleWinner {
  const winners = new Set(verdicts.map((verdict) => verdict.winner));
  return winners.size === 1 ? (verdicts[0]?.winner ?? "tie") : "tie";
}

/**
 * Judges every pair of models on every case two or more of them answered, each pair in both orders
 * (a's output as answer A, then b's), with the versioned pairwise prompt (`pairwise@1`), the case as the
 * models were given it (see `ArenaCase.shown`: never a replay candidate's answers, the reference only
 * with `showReference`), and the verdict
 * forced as the scorers force it. Pairs this judge already judged are skipped, so an interrupted run
 * resumes. Battles are stored as they complete.
 */
export async function judgeBattles(options: JudgeBattlesOptions): Promise<JudgeBattlesOutcome> {
  const now = options.now ?? Date.now;
  const outputs = await loadArenaOutputs({ store: options.store, runs: options.runs, showReference: options.showReference === true });
  const runOf = new Map(outputs.models.map((model) => [model.name, model]));
  const done = new Set<string>();
  for await (const battle of options.arena.readBattles({ sources: ["judge"], judge: options.judgeName })) {
    if (battle.caseId !== null) done.add(pairKey(battle.caseId, `${battle.modelA}\u0001${battle.runA ?? ""}`, `${battle.modelB}\u0001${battle.runB ?? ""}`));
  }
  const tasks: PairTask[] = [];
  let pairs = 0;
  for (const item of outputs.cases) {
    const names = [...item.outputs.keys()];
    const caseText = formatCase(item.shown);
    for (let i = 0; i < names.length; i += 1) {
      for (let j = i + 1; j < names.length; j += 1) {
        const a = runOf.get(names[i] as string) as ArenaModel;
        const b = runOf.get(names[j] as string) as ArenaModel;
        pairs += 1;
        if (done.has(pairKey(item.caseId, `${a.name}\u0001${a.runId}`, `${b.name}\u0001${b.runId}`))) continue;
        tasks.push({ caseId: item.caseId, caseText, a, b, outputA: item.outputs.get(a.name) as string, outputB: item.outputs.get(b.name) as string });
      }
    }
  }
  const outcome: JudgeBattlesOutcome = { pairs, alreadyJudged: pairs - tasks.length, judged: 0, failed: 0, firstError: null, inconsistent: 0 };
  let pending: NewBattle[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    await options.arena.insertBattles(batch);
  };
  const judgeOrder = async (task: PairTask, shownFirst: "a" | "b"): Promise<JudgeVerdict> => {
    const [first, second] = shownFirst === "a" ? [task.outputA, task.outputB] : [task.outputB, task.outputA];
    const verdict = await callJudge({
      judge: options.judge,
      scorerName: "arena judge",
      prompt: pairwisePrompt,
      verdict: pairwiseVerdict,
      fromText: pairwiseFromText,
      sample: { temperature: 0 },
      values: { case: task.caseText, first: shownAnswer(first), second: shownAnswer(second) },
    });
    const judged: JudgeVerdict = { shownFirst, winner: toBattleWinner(verdict.winner, shownFirst) };
    if (verdict.reason !== "") judged.reason = verdict.reason;
    return judged;
  };
  let next = 0;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const worker = async (): Promise<void> => {
    while (next < tasks.length && options.signal?.aborted !== true && !(outcome.judged === 0 && outcome.failed >= failuresBeforeGivingUp)) {
      const task = tasks[next] as PairTask;
      next += 1;
      try {
        const verdicts = await Promise.all([judgeOrder(task, "a"), judgeOrder(task, "b")]);
        const winner = combineVerdicts(verdicts);
        if (verdicts[0]?.winner !== verdicts[1]?.winner) outcome.inconsistent += 1;
        pending.push({
          modelA: task.a.name,
          modelB: task.b.name,
          winner,
          source: "judge",
          judge: options.judgeName,
          caseId: task.caseId,
          runA: task.a.runId,
          runB: task.b.runId,
          shownFirst: null,
          verdicts,
          createdAt: now(),
        });
        outcome.judged += 1;
        if (pending.length >= writeBatch) await flush();
      } catch (error) {
        outcome.failed += 1;
        outcome.firstError ??= toErrorData(error);
      }
      options.onProgress?.({ done: outcome.judged + outcome.failed, total: tasks.length, failed: outcome.failed });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, tasks.length)) }, worker));
  await flush();
  if (tasks.length > 0 && outcome.judged === 0 && outcome.firstError !== null) {
    throw new TuneopsError({
      code: outcome.firstError.code,
      message: `the judge failed on every pair it was given (${outcome.failed}${outcome.failed < tasks.length ? ` of ${tasks.length}; stopped early` : ""}): ${outcome.firstError.message}`,
      hint: "Check the judge's provider (tuneops.yaml) and that it answers with a verdict.",
    });
  }
  return outcome;
}
