// Benchmark of the gateway (issue: the gateway), side by side in one run: the zero-latency upstream
// alone, through `tuneops gateway` (request logging on, SQLite) and through Portkey's gateway 1.15.2
// (`npm run bench:peers`), each in its own process, driven with keep-alive HTTP from this process.
//
//   node bench/gateway.mjs [--rounds 5] [--latency-requests 2000] [--throughput-seconds 5]
//
// Added latency at concurrency 1: p50 and p99 of each gateway minus the upstream's, measured in
// alternating rounds so that drift of the machine hits all three alike. Throughput at concurrency 32:
// requests per second over a fixed time, one gateway process.
import { rm } from "node:fs/promises";
import { machine, startUpstream, tempDir } from "./lib.mjs";
import { drive, portkeyInstalled, quantile, startPortkey, startTuneopsGateway } from "./gateway-lib.mjs";

function flag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const rounds = flag("rounds", 5);
const latencyRequests = flag("latency-requests", 2_000);
const throughputSeconds = flag("throughput-seconds", 5);
const concurrency = 32;

const upstream = await startUpstream();
const folder = await tempDir("tuneops-gateway-bench-");
const tuneops = await startTuneopsGateway({ upstreamUrl: upstream.url, cwd: folder });
const portkey = portkeyInstalled() ? await startPortkey(18_000 + Math.floor(Math.random() * 2_000)) : undefined;
if (!portkey) console.log("Portkey is not installed (run `npm run bench:peers`): measuring without it.");

const upstreamOrigin = new URL(upstream.url).origin;
const systems = [
  { name: "upstream alone", url: upstreamOrigin, headers: {} },
  { name: "tuneops gateway", url: tuneops.url, headers: {} },
  ...(portkey ? [{ name: "Portkey 1.15.2", url: portkey.url, headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": upstream.url } }] : []),
];

console.log(`machine: ${machine()}`);
// Warm-up: JIT, sockets, SQLite pages.
for (const system of systems) await drive({ ...system, count: 2_000, concurrency: 4 });

const latencies = new Map(systems.map((system) => [system.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const system of systems) {
    const { latencies: values, failures } = await drive({ ...system, count: latencyRequests, concurrency: 1 });
    if (failures > 0) throw new Error(`${system.name}: ${failures} failed requests`);
    latencies.get(system.name).push(...values);
  }
}
const base = latencies.get("upstream alone");
const baseP50 = quantile(base, 0.5);
const baseP99 = quantile(base, 0.99);
console.log(`\nconcurrency 1, ${rounds} x ${latencyRequests} requests each (ms):`);
console.log("system            p50     p99     added p50  added p99");
for (const system of systems) {
  const values = latencies.get(system.name);
  const p50 = quantile(values, 0.5);
  const p99 = quantile(values, 0.99);
  const added = system.name === "upstream alone" ? "" : `  ${(p50 - baseP50).toFixed(3).padStart(8)}  ${(p99 - baseP99).toFixed(3).padStart(8)}`;
  console.log(`${system.name.padEnd(16)} ${p50.toFixed(3).padStart(6)}  ${p99.toFixed(3).padStart(6)}${added}`);
}

console.log(`\nconcurrency ${concurrency}, ${throughputSeconds} s each (requests/s):`);
const throughput = new Map();
for (const system of systems) {
  // Size the run from a short probe so each lasts about `throughputSeconds`.
  const probe = await drive({ ...system, count: 2_000, concurrency });
  const count = Math.max(2_000, Math.round((2_000 / probe.seconds) * throughputSeconds));
  const { seconds, failures } = await drive({ ...system, count, concurrency });
  if (failures > 0) throw new Error(`${system.name}: ${failures} failed requests`);
  throughput.set(system.name, count / seconds);
  console.log(`${system.name.padEnd(16)} ${(count / seconds).toFixed(0).padStart(7)}`);
}
if (portkey) {
  const ratio = throughput.get("tuneops gateway") / throughput.get("Portkey 1.15.2");
  console.log(`\ntuneops / Portkey throughput: ${ratio.toFixed(2)}x (target >= 3x)`);
}

await tuneops.stop();
await portkey?.stop();
await upstream.stop();
await rm(folder, { recursive: true, force: true });
