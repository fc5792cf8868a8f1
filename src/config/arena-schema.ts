import { z } from "zod";

/** The `arena:` section of tuneops.yaml: defaults of `tuneops arena` and of the voting page. */
export const arenaConfigSchema = z
  .object({
    judge: z.string().min(1).optional().describe("Provider (under `providers`) that judges pairs for `tuneops arena judge` when --judge is not given."),
    concurrency: z.number().int().positive().max(256).optional().describe("Pairs judged at once (each pair is two judge calls); default 4."),
    bootstrap: z.number().int().min(0).max(100_000).optional().describe("Bootstrap rounds of the rating intervals; default 100."),
    anchor: z.string().min(1).optional().describe("A model whose rating is pinned at 1000 (default: the mean rating is 1000)."),
    show_reference: z
      .boolean()
      .optional()
      .describe("Show voters and arena judges the case's reference (the dataset's expected field); default false: only the fields the candidates' prompts read."),
  })
  .strict();
export type ArenaConfig = z.infer<typeof arenaConfigSchema>;
