import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { ChatTrainingExample, CuratedDataset, CurationOptions } from "../finetune/datasets/curate-examples.js";
import { piiEntityTypes, type PiiEntityType } from "../scorers/safety/pii-detect.js";
import { TuneopsError } from "../spec/errors.js";

/** Flags shared by `dataset from-logs` and `dataset from-run`. */
export interface CurationFlags {
  out: string;
  validationOut?: string;
  validationShare: string;
  seed: string;
  redact: string;
  dedupe: boolean;
  json?: boolean;
}

export function addCurationOptions(command: Command, defaultOut: string): Command {
  return command
    .option("-o, --out <file>", "training file to write (JSONL, OpenAI chat format)", defaultOut)
    .option("--validation-out <file>", "validation file (default: the training file's name with -validation)")
    .option("--validation-share <x>", "share of examples held out for validation, 0 to 0.5", "0.1")
    .option("--seed <n>", "seed of the train/validation split", "42")
    .option("--redact <types>", `PII entity types to redact (comma-separated: ${piiEntityTypes.join(", ")}), all or none`, "all")
    .option("--no-dedupe", "keep exact duplicate examples")
    .option("--json", "print JSON");
}

export function curationOptionsOf(flags: CurationFlags): CurationOptions {
  const share = Number(flags.validationShare);
  if (!Number.isFinite(share) || share < 0 || share > 0.5) {
    throw new TuneopsError({ code: "input_invalid", message: `--validation-share ${flags.validationShare} is not a share from 0 to 0.5`, location: { field: "--validation-share" } });
  }
  const seed = Number(flags.seed);
  if (!Number.isInteger(seed)) throw new TuneopsError({ code: "input_invalid", message: `--seed ${flags.seed} is not a whole number`, location: { field: "--seed" } });
  return { redact: redactTypes(flags.redact), dedupe: flags.dedupe, validationShare: share, seed };
}

function redactTypes(value: string): PiiEntityType[] {
  if (value === "all") return [...piiEntityTypes];
  if (value === "none") return [];
  const types = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  for (const type of types) {
    if (!(piiEntityTypes as readonly string[]).includes(type)) {
      throw new TuneopsError({ code: "input_invalid", message: `--redact: "${type}" is not a PII entity type`, location: { field: "--redact" }, hint: `Use all, none, or some of ${piiEntityTypes.join(", ")}.` });
    }
  }
  return types as PiiEntityType[];
}

export interface WrittenDataset {
  train: { path: string; examples: number };
  validation: { path: string; examples: number } | null;
  /** Why no validation file was written, when none was. */
  noValidation?: { reason: string; examplesNeeded?: number };
}

/** The fewest examples for which the split holds out at least one at this share. */
export function examplesForOneValidation(share: number): number {
  let count = Math.max(1, Math.ceil(0.5 / share) - 1);
  while (Math.round(count * share) < 1) count++;
  return count;
}

/**
 * Writes the training file and the validation file. When the split holds out nothing (a share of 0, or
 * too few examples for the share) no validation file is written and `noValidation` says why (and how
 * many examples one validation example needs), so no message ever names a file that was not written.
 */
export async function writeCuratedDataset(flags: CurationFlags, dataset: CuratedDataset): Promise<WrittenDataset> {
  const trainPath = resolve(flags.out);
  await writeJsonl(trainPath, dataset.train);
  const train = { path: flags.out, examples: dataset.train.length };
  const validationOut = flags.validationOut ?? flags.out.replace(/(\.jsonl)?$/, "-validation.jsonl");
  if (dataset.validation.length === 0) {
    const share = Number(flags.validationShare);
    if (!(share > 0)) return { train, validation: null, noValidation: { reason: "--validation-share is 0" } };
    const needed = examplesForOneValidation(share);
    const examples = dataset.train.length;
    // A file at that path is from an earlier run: said, so it is not taken for this dataset's.
    const stale = existsSync(resolve(validationOut)) ? `; ${validationOut} is from an earlier run and was left as it was` : "";
    return {
      train,
      validation: null,
      noValidation: {
        reason: `${examples} example(s) at --validation-share ${share} hold none out; ${needed} are needed for one validation example (or raise --validation-share)${stale}`,
        examplesNeeded: needed,
      },
    };
  }
  await writeJsonl(resolve(validationOut), dataset.validation);
  return { train, validation: { path: validationOut, examples: dataset.validation.length } };
}

async function writeJsonl(path: string, examples: readonly ChatTrainingExample[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, examples.map((example) => JSON.stringify(example)).join("\n") + (examples.length > 0 ? "\n" : ""));
}

/** `12 examples: 11 train (path), 1 validation (path); 2 duplicates dropped; PII redacted in 3 (email 2, phone 1)`. */
export function describeWritten(written: WrittenDataset, dataset: CuratedDataset): string {
  const parts = [`${written.train.examples + (written.validation?.examples ?? 0)} example(s): ${written.train.examples} train (${written.train.path})`];
  if (written.validation) parts[0] += `, ${written.validation.examples} validation (${written.validation.path})`;
  if (written.noValidation) parts[0] += `, no validation file (${written.noValidation.reason})`;
  if (dataset.duplicates > 0) parts.push(`${dataset.duplicates} duplicate(s) dropped`);
  const entities = Object.entries(dataset.redactedEntities).map(([type, count]) => `${type} ${count}`);
  if (dataset.redactedExamples > 0) parts.push(`PII redacted in ${dataset.redactedExamples} example(s) (${entities.join(", ")})`);
  return parts.join("; ");
}
