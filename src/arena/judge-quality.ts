import type { BattleRecord, BattleWinner } from "../spec/arena-store.js";
import { classificationReport } from "../scorers/classification/classification-report.js";
import { wilsonInterval } from "../stats/wilson-interval.js";

/** A share with its Wilson 95% interval; null figures when there is nothing to count. */
export interface Share {
  n: number;
  rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface JudgeQuality {
  judge: string;
  /** Where its battles came from: `judge`, `import` or `human`. */
  source: string;
  battles: number;
  /** Share of battles that are ties. */
  ties: Share;
  /**
   * Agreement with human votes on the same case and pair of models: each (judge battle, human vote)
   * pair counts once. Null for human voters.
   */
  human_agreement: (Share & { kappa: number | null }) | null;
  /**
   * Position bias: of the single-order verdicts that named a winner, how often the answer shown first
   * won (an unbiased judge is near 0.5). Needs the order shown (judges, human votes).
   */
  first_shown_wins: Share;
  /** Self-consistency: of the pairs judged in both orders, how often the two verdicts agreed. */
  order_consistency: Share;
}

function share(successes: number, n: number): Share {
  if (n === 0) return { n, rate: null, ci_low: null, ci_high: null };
  const interval = wilsonInterval(successes, n);
  return { n, rate: successes / n, ci_low: interval.low, ci_high: interval.high };
}

type Side = "first" | "second" | "tie";

/** A battle's key (case and the unordered pair of models) and its winner on that key's orientation. */
function oriented(battle: BattleRecord): { key: string; side: Side } | undefined {
  if (battle.caseId === null) return undefined;
  const swapped = battle.modelB < battle.modelA;
  const [first, second] = swapped ? [battle.modelB, battle.modelA] : [battle.modelA, battle.modelB];
  const side: Side = battle.winner === "tie" ? "tie" : (battle.winner === "a") !== swapped ? "first" : "second";
  return { key: `${battle.caseId}\u0000${first}\u0000${second}`, side };
}

interface Tally {
  source: string;
  battles: number;
  ties: number;
  decided: number;
  firstWon: number;
  bothOrders: number;
  agreedOrders: number;
  labels: { expected: string; predicted: string }[];
}

function countOrder(tally: Tally, shownFirst: "a" | "b", winner: BattleWinner): void {
  if (winner === "tie") return;
  tally.decided += 1;
  if (winner === shownFirst) tally.firstWon += 1;
}

/**
 * How far each judge can be trusted: agreement with human votes (percent and Cohen's kappa over the
 * labels first model wins / second wins / tie, computed as the classification scorers compute kappa),
 * position bias and self-consistency across the two orders. Human voters get the position-bias figure
 * too (people also favour a side).
 */
export function judgeQuality(battles: Iterable<BattleRecord>): JudgeQuality[] {
  const tallies = new Map<string, Tally>();
  const humanVotes = new Map<string, Side[]>();
  const judged: { judge: string; key: string; side: Side }[] = [];
  for (const battle of battles) {
    const name = battle.source === "human" ? `human:${battle.judge}` : battle.judge;
    let tally = tallies.get(name);
    if (tally === undefined) {
      tally = { source: battle.source, battles: 0, ties: 0, decided: 0, firstWon: 0, bothOrders: 0, agreedOrders: 0, labels: [] };
      tallies.set(name, tally);
    }
    tally.battles += 1;
    if (battle.winner === "tie") tally.ties += 1;
    if (battle.verdicts !== null) {
      for (const verdict of battle.verdicts) countOrder(tally, verdict.shownFirst, verdict.winner);
      if (battle.verdicts.length === 2) {
        tally.bothOrders += 1;
        if (battle.verdicts[0]?.winner === battle.verdicts[1]?.winner) tally.agreedOrders += 1;
      }
    } else if (battle.shownFirst !== null) countOrder(tally, battle.shownFirst, battle.winner);
    const key = oriented(battle);
    if (key === undefined) continue;
    if (battle.source === "human") {
      const votes = humanVotes.get(key.key);
      if (votes === undefined) humanVotes.set(key.key, [key.side]);
      else votes.push(key.side);
    } else judged.push({ judge: name, ...key });
  }
  for (const item of judged) {
    for (const vote of humanVotes.get(item.key) ?? []) tallies.get(item.judge)?.labels.push({ expected: vote, predicted: item.side });
  }
  return [...tallies].map(([judge, tally]) => {
    let agreement: JudgeQuality["human_agreement"] = null;
    if (tally.source !== "human") {
      const report = classificationReport(tally.labels, ["first", "second", "tie"]);
      const agreed = tally.labels.filter((label) => label.expected === label.predicted).length;
      agreement = { ...share(agreed, tally.labels.length), kappa: tally.labels.length === 0 ? null : report.kappa };
    }
    return {
      judge,
      source: tally.source,
      battles: tally.battles,
      ties: share(tally.ties, tally.battles),
      human_agreement: agreement,
      first_shown_wins: share(tally.firstWon, tally.decided),
      order_consistency: share(tally.agreedOrders, tally.bothOrders),
    };
  });
}
