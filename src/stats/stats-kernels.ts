import { statsKernelsWasm } from "./stats-kernels-wasm.js";

/**
 * The corpus bootstrap's resampling loop in WebAssembly (source: wasm/stats-kernels.ts): the same draws
 * and the same sums as the JavaScript loop, at full speed from the first resample (a run summary does a
 * thousand resamples once per corpus metric, mostly before V8 has optimised a JavaScript loop).
 */
interface StatsKernelExports {
  memory: WebAssembly.Memory;
  seed(value: number): void;
  resample(rows: number, n: number, width: number, summed: number): void;
}

let kernel: StatsKernelExports | undefined;

/** A resampler over rows of `width` statistics: `resample()` fills `summed` with the next resample's sums. */
export interface CorpusResampler {
  /** The sums of the last resample (a view of the kernel's memory: read it, do not keep it). */
  readonly summed: Float64Array;
  resample(): void;
}

/** Copies the rows (n rows of `width`, one after another) into the kernel and starts `RandomIntStream(seed)`'s draws. */
export function corpusResampler(rows: Float64Array, width: number, seed: number): CorpusResampler {
  kernel ??= new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(statsKernelsWasm, "base64")), {}).exports as unknown as StatsKernelExports;
  const loaded = kernel;
  const bytes = (rows.length + width) * 8;
  const pages = Math.ceil(bytes / 65536) - loaded.memory.buffer.byteLength / 65536;
  if (pages > 0) loaded.memory.grow(pages);
  new Float64Array(loaded.memory.buffer, 0, rows.length).set(rows);
  const summedAt = rows.length * 8;
  const summed = new Float64Array(loaded.memory.buffer, summedAt, width);
  const n = width === 0 ? 0 : rows.length / width;
  loaded.seed(seed | 0);
  return { summed, resample: () => loaded.resample(0, n, width, summedAt) };
}
