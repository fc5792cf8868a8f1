// Times `tuneops finetune validate` (format, tool-call, duplicate and PII checks; no tokenizer) against
// the floor of any streaming JSONL checker on the same machine: reading the file line by line and
// JSON.parse-ing each line, nothing else. Reports examples per second, the ratio, and peak memory.
// Runs against the build: `npm run build && node bench/finetune-validate.mjs [examples]`.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { validateTrainingData } from "../dist/finetune/data/validate-training-data.js";

const examples = Number(process.argv[2] ?? 200_000);
const rounds = 5;
const folder = mkdtempSync(join(tmpdir(), "tuneops-bench-validate-"));
const path = join(folder, "train.jsonl");

const tools = [{ type: "function", function: { name: "get_balance", parameters: { type: "object", properties: { account: { type: "string" } } } } }];
const lines = [];
for (let index = 0; index < examples; index++) {
  const withTool = index % 5 === 0;
  const messages = [
    { role: "system", content: "You are the support assistant of Northwind Bank. Answer briefly and politely." },
    { role: "user", content: `Customer ${index} asks: how long does a refund take for order number ${index * 7}, and can I track it?` },
  ];
  if (withTool) {
    messages.push({ role: "assistant", content: null, tool_calls: [{ id: `call_${index}`, type: "function", function: { name: "get_balance", arguments: `{"account":"A${index}"}` } }] });
    messages.push({ role: "tool", tool_call_id: `call_${index}`, content: `{"balance": ${index}}` });
  }
  messages.push({ role: "assistant", content: `Refunds reach your account within 7 business days; order ${index * 7} can be tracked in the app under Payments.` });
  lines.push(JSON.stringify(withTool ? { messages, tools } : { messages }));
}
writeFileSync(path, `${lines.join("\n")}\n`);
lines.length = 0;

async function parseOnly() {
  const input = createReadStream(path, { encoding: "utf8" });
  let count = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() !== "") {
      JSON.parse(line);
      count++;
    }
  }
  return count;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const floorMs = [];
const validateMs = [];
const noPiiMs = [];
let peakRss = 0;
for (let round = 0; round < rounds; round++) {
  let start = performance.now();
  const parsed = await parseOnly();
  floorMs.push(performance.now() - start);
  start = performance.now();
  const report = await validateTrainingData({ path });
  validateMs.push(performance.now() - start);
  start = performance.now();
  await validateTrainingData({ path, pii: false });
  noPiiMs.push(performance.now() - start);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (!report.ok || report.examples !== examples || parsed !== examples) throw new Error(`unexpected report: ${report.errors[0]?.message ?? report.examples}`);
}
rmSync(folder, { recursive: true, force: true });
const floor = median(floorMs);
const validate = median(validateMs);
console.log(`examples: ${examples} (one in five with a tool call), median of ${rounds} rounds`);
console.log(`readline + JSON.parse only: ${floor.toFixed(0)} ms (${Math.round(examples / (floor / 1000)).toLocaleString("en-US")} examples/s)`);
console.log(`tuneops validate (format, tools, duplicates, PII): ${validate.toFixed(0)} ms (${Math.round(examples / (validate / 1000)).toLocaleString("en-US")} examples/s)`);
const noPii = median(noPiiMs);
console.log(`tuneops validate --no-pii: ${noPii.toFixed(0)} ms (${Math.round(examples / (noPii / 1000)).toLocaleString("en-US")} examples/s, ${(noPii / floor).toFixed(2)}x the floor)`);
console.log(`ratio validate / parse-only: ${(validate / floor).toFixed(2)}x; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
