import type { RequestLogRecord } from "../spec/gateway-store.js";
import { LogMetrics } from "./log-metrics.js";
import { Counter, Histogram } from "./prometheus-registry.js";

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const overheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1];

/** The gateway's Prometheus metrics, fed from each finished request's log row. */
export class GatewayMetrics {
  readonly requests = new Counter("tuneops_gateway_requests_total", "Requests answered, by route, target and HTTP status.", ["route", "target", "status"]);
  readonly errors = new Counter("tuneops_gateway_errors_total", "Requests that ended in an error, by route and error code.", ["route", "code"]);
  readonly latency = new Histogram("tuneops_gateway_request_duration_seconds", "Time from arrival to the last byte sent.", latencyBuckets, ["route"]);
  readonly ttft = new Histogram("tuneops_gateway_time_to_first_token_seconds", "Streams: time from arrival to the first content byte sent.", latencyBuckets, ["route"]);
  readonly overhead = new Histogram("tuneops_gateway_overhead_seconds", "Time spent in the gateway itself (latency minus the upstream's).", overheadBuckets);
  readonly tokens = new Counter("tuneops_gateway_tokens_total", "Tokens by route and direction (input includes cache reads, output includes reasoning).", ["route", "direction"]);
  readonly cost = new Counter("tuneops_gateway_cost_usd_total", "Upstream cost in USD by route.", ["route"]);
  readonly cache = new Counter("tuneops_gateway_cache_total", "Cache lookups by result (hit or miss).", ["result"]);
  readonly guards = new Counter("tuneops_gateway_guard_actions_total", "Guard actions by guard and action.", ["guard", "action"]);
  readonly unauthenticated = new Counter("tuneops_gateway_unauthenticated_total", "Requests refused for a missing or unknown key before their body was read (not logged as rows).");
  readonly clientErrors = new Counter("tuneops_gateway_client_errors_total", "Requests Node's HTTP parser refused (bad Content-Length, oversized headers, ...), by code.", ["code"]);
  readonly log = new LogMetrics();
  readonly unlogged = new Counter("tuneops_gateway_log_rows_skipped_total", "Requests not written to the log by gateway.logging (disabled, or left out by sample_rate).");

  record(row: RequestLogRecord): void {
    const route = row.route;
    this.requests.inc([route, row.target ?? "", String(row.status)]);
    if (row.error !== null) this.errors.inc([route, row.error]);
    this.latency.observe(row.latencyMs / 1000, [route]);
    if (row.ttftMs !== null) this.ttft.observe(row.ttftMs / 1000, [route]);
    this.overhead.observe(row.overheadMs / 1000);
    if (row.inputTokens !== null) this.tokens.inc([route, "input"], row.inputTokens);
    if (row.outputTokens !== null) this.tokens.inc([route, "output"], row.outputTokens);
    if (row.costUsd !== null && row.costUsd > 0) this.cost.inc([route], row.costUsd);
    for (const action of row.guardActions) this.guards.inc([action.guard, action.action]);
  }

  render(): string {
    const metrics = [this.requests, this.errors, this.latency, this.ttft, this.overhead, this.tokens, this.cost, this.cache, this.guards, this.unauthenticated, this.clientErrors, this.unlogged].map((metric) => metric.render()).join("");
    return metrics + this.log.render() + processMetrics();
  }
}

/** The process's memory, as Prometheus' Node.js clients name it. */
function processMetrics(): string {
  const memory = process.memoryUsage();
  const gauge = (name: string, help: string, value: number): string => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
  return (
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", memory.rss) +
    gauge("nodejs_heap_size_total_bytes", "Process heap size from Node.js in bytes.", memory.heapTotal) +
    gauge("nodejs_heap_size_used_bytes", "Process heap size used from Node.js in bytes.", memory.heapUsed) +
    gauge("nodejs_external_memory_bytes", "Node.js external memory size in bytes.", memory.external) +
    gauge("nodejs_array_buffers_bytes", "Node.js ArrayBuffer memory in bytes.", memory.arrayBuffers)
  );
}
