// Benchmark of the gateway, side by side in one run, each system in its own process and driven by wrk
// (one thread, keep-alive) from outside Node:
//   - the zero-latency upstream alone (the floor),
//   - a bare Node pass-through proxy (bench/bare-proxy.mjs: an undici pool and nothing else; the limit
//     for a gateway written in Node),
//   - `tuneops gateway` with request logging on (SQLite), as users run it,
//   - `tuneops gateway` with `gateway.logging.enabled: false`,
//   - Portkey's gateway 1.15.2 when installed (`npm run bench:peers`).
//
//   node bench/gateway.mjs [--rounds 4] [--latency-seconds 8] [--throughput-seconds 5]
//
// Added latency at concurrency 1: p50, p90, p99 and p99.9 of each system minus the upstream alone's, in
// rounds that alternate the systems so that drift of the machine hits all alike; the median over rounds is
// reported with the range. Throughput at concurrency 32: requests/s, alternating rounds, as a ratio to the
// bare proxy (target >= 0.75 with logging on) and to Portkey.
import { writeFile } from "node:fs/promises";
import { rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { machine, startUpstream, tempDir } from "./lib.mjs";
import { portkeyInstalled, startBareProxy, startPortkey, startTuneopsGateway, wrk, wrkInstalled } from "./gateway-lib.mjs";

function flag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const rounds = flag("rounds", 4);
const latencySeconds = flag("latency-seconds", 8);
const throughputSeconds = flag("throughput-seconds", 5);
const concurrency = 32;

if (!(await wrkInstalled())) {
  console.error("wrk is not installed: `apt-get install -y wrk` (Debian's package), then run this again.");
  process.exit(2);
}

const upstream = await startUpstream();
const logged = await tempDir("tuneops-gateway-bench-");
const unlogged = await tempDir("tuneops-gateway-bench-nolog-");
await writeFile(
  join(unlogged, "tuneops.yaml"),
  `version: 1\nproject: gateway-bench\ngateway:\n  targets:\n    upstream: { base_url: "${upstream.url}" }\n  routes:\n    "*": { targets: [upstream] }\n  logging: { enabled: false }\n`,
);
const bare = await startBareProxy(upstream.url);
const tuneops = await startTuneopsGateway({ upstreamUrl: upstream.url, cwd: logged });
const tuneopsUnlogged = await startTuneopsGateway({ upstreamUrl: upstream.url, cwd: unlogged, config: join(unlogged, "tuneops.yaml") });
const portkey = portkeyInstalled() ? await startPortkey(18_000 + Math.floor(Math.random() * 2_000)) : undefined;
if (!portkey) console.log("Portkey is not installed (run `npm run bench:peers`): measuring without it.");

const upstreamOrigin = new URL(upstream.url).origin;
const systems = [
  { name: "upstream alone", url: upstreamOrigin, headers: {} },
  { name: "bare proxy", url: bare.url, headers: {} },
  { name: "tuneops, logging on", url: tuneops.url, headers: {} },
  { name: "tuneops, logging off", url: tuneopsUnlogged.url, headers: {} },
  ...(portkey ? [{ name: "Portkey 1.15.2", url: portkey.url, headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": upstream.url } }] : []),
];

console.log(`machine: ${machine()}`);
console.log(`date: ${new Date().toISOString()}`);
console.log(`command: node bench/gateway.mjs --rounds ${rounds} --latency-seconds ${latencySeconds} --throughput-seconds ${throughputSeconds}`);
console.log(`load average at the start: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
// Warm-up: JIT, sockets, SQLite pages.
for (const system of systems) await wrk({ ...system, connections: 4, seconds: 2 });

const median = (values) => [...values].sort((left, right) => left - right)[Math.floor((values.length - 1) / 2)];
const range = (values) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}`;
const percentiles = ["p50", "p90", "p99", "p999"];

const latency = new Map(systems.map((system) => [system.name, []]));
for (let round = 0; round < rounds; round++) {
  // Alternate the order each round, so no system always runs first.
  const order = round % 2 === 0 ? systems : [...systems].reverse();
  for (const system of order) {
    const result = await wrk({ ...system, connections: 1, seconds: latencySeconds });
    if (result.errors > 0) throw new Error(`${system.name}: ${result.errors} failed requests`);
    latency.get(system.name).push(result);
  }
}
console.log(`\nconcurrency 1, ${rounds} rounds of ${latencySeconds} s each (wrk); ms, median of the rounds [range]:\n`);
console.log("| system | p50 | p90 | p99 | p99.9 | added p50 | added p90 | added p99 | added p99.9 |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
const base = latency.get("upstream alone");
for (const system of systems) {
  const results = latency.get(system.name);
  const cells = percentiles.map((name) => `${median(results.map((result) => result[name])).toFixed(2)} [${range(results.map((result) => result[name]))}]`);
  // Added latency per round (same round, same conditions), then the median over rounds.
  const added =
    system.name === "upstream alone"
      ? percentiles.map(() => "")
      : percentiles.map((name) => {
          const differences = results.map((result, round) => result[name] - base[round][name]);
          return `${median(differences).toFixed(2)} [${range(differences)}]`;
        });
  console.log(`| ${system.name} | ${cells.join(" | ")} | ${added.join(" | ")} |`);
}

const throughput = new Map(systems.map((system) => [system.name, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? systems : [...systems].reverse();
  for (const system of order) {
    const result = await wrk({ ...system, connections: concurrency, seconds: throughputSeconds });
    if (result.errors > 0) throw new Error(`${system.name}: ${result.errors} failed requests at concurrency ${concurrency}`);
    throughput.get(system.name).push(result.requestsPerSecond);
  }
}
console.log(`\nconcurrency ${concurrency}, ${rounds} rounds of ${throughputSeconds} s each (wrk); requests/s, median [range], and the median of the per-round ratios:\n`);
console.log("| system | requests/s | / bare proxy | / Portkey |");
console.log("| --- | ---: | ---: | ---: |");
const ratio = (name, to) => {
  const values = throughput.get(name).map((value, round) => value / throughput.get(to)[round]);
  return `${median(values).toFixed(2)} [${range(values)}]`;
};
for (const system of systems) {
  const values = throughput.get(system.name);
  console.log(`| ${system.name} | ${median(values).toFixed(0)} [${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}] | ${ratio(system.name, "bare proxy")} | ${portkey ? ratio(system.name, "Portkey 1.15.2") : "-"} |`);
}
console.log(`\nload average at the end: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
console.log("targets: added p99 at concurrency 1 <= 2 ms; tuneops with logging on >= 0.75 of the bare proxy at concurrency 32");

await tuneops.stop();
await tuneopsUnlogged.stop();
await portkey?.stop();
await bare.stop();
await upstream.stop();
await rm(logged, { recursive: true, force: true });
await rm(unlogged, { recursive: true, force: true });
