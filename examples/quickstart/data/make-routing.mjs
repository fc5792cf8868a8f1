// Derives the quickstart's routing data from BANKING77 (CC BY 4.0; see ATTRIBUTION.md): 10 intents,
// 40 training and 25 test messages each, drawn with a fixed seed so the output is reproducible.
//
//   node make-routing.mjs <folder holding BANKING77's train.csv and test.csv>
//
// BANKING77: https://github.com/PolyAI-LDN/task-specific-datasets (folder banking_data).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

const intents = [
  "card_arrival",
  "lost_or_stolen_card",
  "pin_blocked",
  "exchange_rate",
  "transfer_not_received_by_recipient",
  "top_up_failed",
  "declined_card_payment",
  "request_refund",
  "terminate_account",
  "verify_my_identity",
];
const perIntent = { train: 40, test: 25 };
const seed = 77;

const source = process.argv[2];
if (!source) {
  process.stderr.write("usage: node make-routing.mjs <BANKING77 folder with train.csv and test.csv>\n");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));

// mulberry32: a small seeded generator, so the sample does not depend on the Node version.
function random(state) {
  let value = state;
  return () => {
    value = (value + 0x6d2b79f5) | 0;
    let mixed = Math.imul(value ^ (value >>> 15), 1 | value);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, next) {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function sample(split, next) {
  const rows = parse(readFileSync(join(source, `${split}.csv`)), { columns: true, skip_empty_lines: true });
  const picked = [];
  for (const intent of intents) {
    const ofIntent = rows.filter((row) => row.category === intent);
    if (ofIntent.length < perIntent[split]) throw new Error(`${split}.csv has only ${ofIntent.length} rows of ${intent}`);
    picked.push(...shuffle(ofIntent, next).slice(0, perIntent[split]));
  }
  // Mixed order, so `limit: N` in tuneops.yaml still covers every intent.
  const mixed = shuffle(picked, next);
  const lines = ["id,text,category"];
  mixed.forEach((row, index) => {
    const id = `${split}-${String(index + 1).padStart(3, "0")}`;
    lines.push([id, row.text.trim(), row.category].map(csvField).join(","));
  });
  writeFileSync(join(here, `routing-${split}.csv`), `${lines.join("\n")}\n`);
  return mixed.length;
}

const next = random(seed);
const trainCount = sample("train", next);
const testCount = sample("test", next);
process.stdout.write(`routing-train.csv: ${trainCount} rows, routing-test.csv: ${testCount} rows\n`);
