import { TuneopsError } from "../../spec/errors.js";
import type { PrepareContext } from "../../spec/language-model.js";

export interface TrainingExamples {
  inputs: string[];
  expected: string[];
}

/** Reads the training split into parallel input/expected lists, rejecting rows a baseline cannot learn from. */
export async function readTrainingExamples(context: PrepareContext): Promise<TrainingExamples> {
  const inputs: string[] = [];
  const expected: string[] = [];
  let row = 0;
  for await (const record of context.trainingRows) {
    row += 1;
    if (context.signal?.aborted) throw new TuneopsError({ code: "aborted", message: "Training was aborted.", cause: context.signal.reason });
    inputs.push(fieldText({ record, field: context.inputField, row }));
    expected.push(fieldText({ record, field: context.expectedField, row }));
  }
  return { inputs, expected };
}

function fieldText(options: { record: Readonly<Record<string, unknown>>; field: string; row: number }): string {
  const value = options.record[options.field];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TuneopsError({
    code: "dataset_invalid",
    message: `Training row ${options.row} has no text in field "${options.field}".`,
    location: { field: options.field },
    hint: `Give every training row a string in "${options.field}", or point dataset.input/dataset.expected at the right fields.`,
  });
}
