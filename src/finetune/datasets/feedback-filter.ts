import type { FeedbackRecord } from "../../spec/gateway-store.js";

/**
 * Which requests' feedback admits them to a dataset. Feedback labelled `judge` or `judge:NAME` is a
 * judge's score (posted to /v1/feedback by an LLM judge); all other feedback is a person's.
 */
export interface FeedbackFilter {
  /** The mean of the people's scores must be at least this (requests without one are left out). */
  minScore?: number;
  /** The latest thumb given by a person must be this one (its `thumbs`, else a score of exactly 1 = up, 0 = down). */
  thumbs?: "up" | "down";
  /** Some feedback must carry one of these labels. */
  labels?: readonly string[];
  /** The mean of the judges' scores must be at least this (requests without one are left out). */
  minJudgeScore?: number;
}

export function isJudgeFeedback(feedback: FeedbackRecord): boolean {
  return feedback.label !== null && (feedback.label === "judge" || feedback.label.startsWith("judge:"));
}

export function passesFeedbackFilter(feedback: readonly FeedbackRecord[], filter: FeedbackFilter): boolean {
  const human = feedback.filter((entry) => !isJudgeFeedback(entry));
  if (filter.minScore !== undefined) {
    const mean = meanScore(human);
    if (mean === undefined || mean < filter.minScore) return false;
  }
  if (filter.thumbs !== undefined) {
    const latest = human.map(thumbOf).findLast((thumb) => thumb !== undefined);
    if (latest !== filter.thumbs) return false;
  }
  if (filter.labels !== undefined && filter.labels.length > 0) {
    const wanted = new Set(filter.labels);
    if (!feedback.some((entry) => entry.label !== null && wanted.has(entry.label))) return false;
  }
  if (filter.minJudgeScore !== undefined) {
    const mean = meanScore(feedback.filter(isJudgeFeedback));
    if (mean === undefined || mean < filter.minJudgeScore) return false;
  }
  return true;
}

/** The thumb of one feedback: its own, else the score of a feedback stored as a thumb (1 up, 0 down). */
function thumbOf(feedback: FeedbackRecord): "up" | "down" | undefined {
  if (feedback.thumbs === "up" || feedback.thumbs === "down") return feedback.thumbs;
  return feedback.score === 1 ? "up" : feedback.score === 0 ? "down" : undefined;
}

function meanScore(feedback: readonly FeedbackRecord[]): number | undefined {
  const scores = feedback.flatMap((entry) => (entry.score === null ? [] : [entry.score]));
  return scores.length === 0 ? undefined : scores.reduce((sum, score) => sum + score, 0) / scores.length;
}
