/**
 * A minimal Prometheus text-format registry: counters and histograms with label sets. Label values are
 * bounded by the caller (route aliases, target names, status codes), never raw client input.
 */

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return "";
  return `{${names.map((name, index) => `${name}="${escapeLabel(values[index] ?? "")}"`).join(",")}}`;
}

export class Counter {
  readonly #values = new Map<string, { labels: readonly string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: readonly string[] = [], amount = 1): void {
    const key = labels.join("\u0000");
    const entry = this.#values.get(key);
    if (entry) entry.value += amount;
    else this.#values.set(key, { labels: [...labels], value: amount });
  }

  render(): string {
    let text = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const { labels, value } of this.#values.values()) text += `${this.name}${labelText(this.labelNames, labels)} ${value}\n`;
    return text;
  }
}

interface HistogramSeries {
  labels: readonly string[];
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram {
  readonly #series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending, in the metric's unit (seconds). */
    readonly buckets: readonly number[],
    readonly labelNames: readonly string[] = [],
  ) {}

  observe(value: number, labels: readonly string[] = []): void {
    const key = labels.join("\u0000");
    let series = this.#series.get(key);
    if (!series) {
      series = { labels: [...labels], counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    // Counts are per bucket here and made cumulative when rendered.
    const buckets = this.buckets;
    let index = 0;
    while (index < buckets.length && value > (buckets[index] as number)) index++;
    if (index < buckets.length) series.counts[index] = (series.counts[index] as number) + 1;
    series.sum += value;
    series.count++;
  }

  render(): string {
    let text = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const series of this.#series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += series.counts[index] as number;
        text += `${this.name}_bucket${labelText([...this.labelNames, "le"], [...series.labels, String(bound)])} ${cumulative}\n`;
      });
      text += `${this.name}_bucket${labelText([...this.labelNames, "le"], [...series.labels, "+Inf"])} ${series.count}\n`;
      text += `${this.name}_sum${labelText(this.labelNames, series.labels)} ${series.sum}\n`;
      text += `${this.name}_count${labelText(this.labelNames, series.labels)} ${series.count}\n`;
    }
    return text;
  }
}
