import { Counter } from "./prometheus-registry.js";

/** The request log's health: what the queue holds, what failed and what was shed (docs/gateway.md, "Logs under store outages"). */
export class LogMetrics {
  readonly rowsDropped = new Counter("tuneops_gateway_log_rows_dropped_total", "Log rows dropped: past the queue's bounds while the store refused writes, or left unwritten at shutdown.");
  readonly bodiesDropped = new Counter("tuneops_gateway_log_bodies_dropped_total", "Log rows whose request and response bodies were dropped to keep the queue within its byte bound (the row itself was kept).");
  readonly writeFailures = new Counter("tuneops_gateway_log_write_failures_total", "Log writes the store refused (each is tried again with backoff).");
  /** What the queue holds now; set by whoever owns the queue. */
  queue: () => { rows: number; bytes: number } = () => ({ rows: 0, bytes: 0 });

  render(): string {
    const { rows, bytes } = this.queue();
    const gauge = (name: string, help: string, value: number): string => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
    return (
      this.rowsDropped.render() +
      this.bodiesDropped.render() +
      this.writeFailures.render() +
      gauge("tuneops_gateway_log_queue_rows", "Log rows waiting in memory for the store.", rows) +
      gauge("tuneops_gateway_log_queue_bytes", "Bytes of the log rows waiting in memory (text fields plus a fixed overhead per row).", bytes)
    );
  }
}
