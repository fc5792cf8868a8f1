// Soak of the gateway (issue: the gateway): N requests at concurrency 32 through `tuneops gateway
// --upstream` with request logging on (SQLite), sampling the gateway's resident memory every second;
// then SIGTERM, and a count of the log rows: every request answered must be in the store.
//
//   node bench/gateway-soak.mjs [--requests 1000000] [--concurrency 32]
import { join } from "node:path";
import { rm } from "node:fs/promises";
import Database from "better-sqlite3";
import { Pool } from "undici";
import { machine, startUpstream, tempDir } from "./lib.mjs";
import { chatBody, rssMb, startTuneopsGateway } from "./gateway-lib.mjs";

function flag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const requests = flag("requests", 1_000_000);
const concurrency = flag("concurrency", 32);
const limitMb = 150;

const upstream = await startUpstream();
const folder = await tempDir("tuneops-gateway-soak-");
const gateway = await startTuneopsGateway({ upstreamUrl: upstream.url, cwd: folder });
console.log(`machine: ${machine()}`);
console.log(`soak: ${requests.toLocaleString("en")} requests, concurrency ${concurrency}, gateway pid ${gateway.pid}`);

const samples = [];
const sampler = setInterval(async () => samples.push({ at: performance.now(), mb: await rssMb(gateway.pid) }), 1_000);
const pool = new Pool(gateway.url, { connections: concurrency, pipelining: 1 });
let next = 0;
let answered = 0;
let failed = 0;
const started = performance.now();
let reported = 0;
const worker = async () => {
  while (next < requests) {
    next++;
    const response = await pool.request({ path: "/v1/chat/completions", method: "POST", headers: { "content-type": "application/json" }, body: chatBody });
    await response.body.dump();
    if (response.statusCode === 200) answered++;
    else failed++;
    if (answered - reported >= requests / 10) {
      reported = answered;
      const last = samples.at(-1)?.mb ?? 0;
      console.log(`${answered.toLocaleString("en").padStart(10)} answered, ${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${last.toFixed(0)} MB`);
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const memory = (await (await fetch(`${gateway.url}/metrics`)).text()).split("\n").filter((line) => /^(process_resident|nodejs_)/.test(line));
console.log(memory.map((line) => { const [name, value] = line.split(" "); return `${name} ${(Number(value) / 2 ** 20).toFixed(1)} MiB`; }).join("\n"));
await pool.close();
const code = await gateway.stop();

const database = new Database(join(folder, ".tuneops", "tuneops.db"), { readonly: true });
const rows = database.prepare("select count(*) as n from requests").get().n;
database.close();
const peak = Math.max(...samples.map((sample) => sample.mb));
const tenth = samples[Math.floor(samples.length / 10)]?.mb ?? 0;
const last = samples.at(-1)?.mb ?? 0;
console.log(`\n${answered.toLocaleString("en")} answered (${failed} failed) in ${seconds.toFixed(0)} s: ${(answered / seconds).toFixed(0)} req/s`);
console.log(`gateway RSS: ${tenth.toFixed(0)} MB at 10% of the run, ${last.toFixed(0)} MB at the end, peak ${peak.toFixed(0)} MB (limit ${limitMb} MB): ${peak <= limitMb ? "met" : "NOT met"}`);
console.log(`log rows after SIGTERM (exit code ${code}): ${rows.toLocaleString("en")} of ${answered.toLocaleString("en")}: ${rows === answered + failed ? "none lost" : "ROWS LOST"}`);
await upstream.stop();
await rm(folder, { recursive: true, force: true });
