/** What the engine reports while it works; the CLI renders it (progress bar on a TTY, lines in CI). */
export type EvalEvent =
  | { type: "planned"; runId: string; suite: string; total: number; alreadyDone: number; candidates: string[] }
  | { type: "preparing"; candidate: string; provider: string }
  | { type: "prepared"; candidate: string; provider: string; ms: number }
  | { type: "progress"; done: number; total: number; errors: number; cached: number }
  | { type: "retry"; candidate: string; caseId: string; attempt: number; delayMs: number; code: string }
  | { type: "warning"; message: string }
  | { type: "finished"; runId: string; status: "completed" | "interrupted" | "failed"; done: number; total: number };

export type EvalEventSink = (event: EvalEvent) => void;
