// AssemblyScript source of src/stats/stats-kernels-wasm.ts (`npm run build:wasm` compiles it and writes
// that file; a test checks that the compiled module is the one of this source).
//
// The resampling loop of the corpus bootstrap (src/stats/bootstrap.ts, bootstrapCorpusIntervalFlat):
// every resample draws n rows with mulberry32 exactly as RandomIntStream does and adds them up, in the
// same order, so the sums are the ones the JavaScript loop would give. A run summary resamples a
// thousand times; in JavaScript most of that ran before V8 had optimised the loop. The caller lays the
// rows out as f64 in memory (growing it as needed) and reads each sum after `resample`.

let state: i32 = 0;

/** Starts the draws of `RandomIntStream(seed)`. */
export function seed(value: i32): void {
  state = value;
}

/** mulberry32's output for a state already advanced (src/stats/random.ts, mulberry32Output). */
function mulberry32Output(current: i32): u32 {
  let t = current;
  t = (t ^ <i32>(<u32>t >>> 15)) * (t | 1);
  t ^= t + (t ^ <i32>(<u32>t >>> 7)) * (t | 61);
  return <u32>(t ^ <i32>(<u32>t >>> 14));
}

/**
 * One resample: `n` draws in [0, n), each adding its row of `width` f64 at `rows` to the `width` f64
 * at `summed` (set to zero first).
 */
export function resample(rows: usize, n: i32, width: i32, summed: usize): void {
  memory.fill(summed, 0, <usize>width * 8);
  const scale = <f64>n;
  for (let draw = 0; draw < n; draw++) {
    state += 0x6d2b79f5;
    const index = <i32>Math.floor((<f64>mulberry32Output(state) / 4294967296.0) * scale);
    const row = rows + <usize>index * <usize>width * 8;
    for (let column = 0; column < width; column++) {
      const at = summed + <usize>column * 8;
      store<f64>(at, load<f64>(at) + load<f64>(row + <usize>column * 8));
    }
  }
}
