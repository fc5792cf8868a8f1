import { parentPort } from "node:worker_threads";
import type { ScorerConfig } from "../config/project-schema.js";
import { createScorer } from "../scorers/create-scorer.js";
import { runScorer } from "../scorers/run-scorer.js";
import type { ScoreInput, ScoreRecord, ScorerV1 } from "../spec/scorer.js";
import { createTemplateRenderer } from "./template.js";

/**
 * A worker thread that runs CPU-bound scorers (reference text metrics) off the runner's event loop.
 * Messages: `init` with the scorers' configs and names, then `batch` with score inputs; it answers each
 * batch with one list of score records per input, in the order of the scorers.
 */
export type ScorerWorkerMessage =
  | { type: "init"; scorers: { config: ScorerConfig; name: string }[]; baseDir: string }
  | { type: "batch"; id: number; inputs: ScoreInput[] };

export interface ScorerWorkerReply {
  id: number;
  records?: ScoreRecord[][];
  error?: string;
}

let scorers: ScorerV1[] = [];

parentPort?.on("message", (message: ScorerWorkerMessage) => {
  if (message.type === "init") {
    const renderer = createTemplateRenderer();
    scorers = message.scorers.map((entry) => createScorer(entry.config, { name: entry.name, baseDir: message.baseDir, render: renderer.render }));
    return;
  }
  void scoreBatch(message.inputs).then(
    (records) => parentPort?.postMessage({ id: message.id, records } satisfies ScorerWorkerReply),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies ScorerWorkerReply),
  );
});

async function scoreBatch(inputs: readonly ScoreInput[]): Promise<ScoreRecord[][]> {
  const all: ScoreRecord[][] = [];
  for (const input of inputs) {
    const records: ScoreRecord[] = [];
    for (const scorer of scorers) records.push(await runScorer(scorer, input));
    all.push(records);
  }
  return all;
}
