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
}

/** Writes the training file and, when examples were held out, the validation file. */
export async function writeCuratedDataset(flags: CurationFlags, dataset: CuratedDataset): Promise<WrittenDataset> {
  const trainPath = resolve(flags.out);
  await writeJsonl(trainPath, dataset.train);
  if (dataset.validation.length === 0) return { train: { path: flags.out, examples: dataset.train.length }, validation: null };
  const validationOut = flags.validationOut ?? flags.out.replace(/(\.jsonl)?$/, "-validation.jsonl");
  await writeJsonl(resolve(validationOut), dataset.validation);
  return { train: { path: flags.out, examples: dataset.train.length }, validation: { path: validationOut, examples: dataset.validation.length } };
}

async function writeJsonl(path: string, examples: readonly ChatTrainingExample[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, examples.map((example) => JSON.stringify(example)).join("\n") + (examples.length > 0 ? "\n" : ""));
}

/** `12 examples: 11 train (path), 1 validation (path); 2 duplicates dropped; PII redacted in 3 (email 2, phone 1)`. */
export function describeWritten(written: WrittenDataset, dataset: CuratedDataset): string {
  const parts = [`${written.train.examples + (written.validation?.examples ?? 0)} example(s): ${written.train.examples} train (${written.train.path})`];
  if (written.validation) parts[0] += `, ${written.validation.examples} validation (${written.validation.path})`;
  if (dataset.duplicates > 0) parts.push(`${dataset.duplicates} duplicate(s) dropped`);
  const entities = Object.entries(dataset.redactedEntities).map(([type, count]) => `${type} ${count}`);
  if (dataset.redactedExamples > 0) parts.push(`PII redacted in ${dataset.redactedExamples} example(s) (${entities.join(", ")})`);
  return parts.join("; ");
}
