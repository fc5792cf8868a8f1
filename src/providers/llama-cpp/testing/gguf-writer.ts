/**
 * A minimal GGUF v3 encoder (little-endian), enough to write small F32 models for tests. Layout: magic
 * `GGUF`, u32 version, u64 tensor count, u64 key/value count, the key/values, the tensor infos, zero
 * padding to the alignment, then the tensor data with each tensor padded to the alignment.
 */

/** GGUF metadata value types (gguf.h `gguf_type`). */
const valueTypes = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

/** ggml tensor type F32. */
const ggmlTypeF32 = 0;

export const ggufAlignment = 32;

export type GgufValue =
  | { type: "uint32"; value: number }
  | { type: "int32"; value: number }
  | { type: "float32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: readonly string[] }
  | { type: "int32[]"; value: readonly number[] };

export interface GgufTensor {
  name: string;
  /** Dimensions in ggml order: the contiguous dimension first, so a weight is [in, out]. */
  dims: readonly number[];
  data: Float32Array;
}

export interface GgufContent {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
}

/** Collects little-endian fields into one growing list of chunks. */
class ByteSink {
  readonly chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  u32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.push(chunk);
  }

  i32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.push(chunk);
  }

  u64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.push(chunk);
  }

  f32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.push(chunk);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }

  padTo(alignment: number): void {
    const remainder = this.length % alignment;
    if (remainder !== 0) this.push(Buffer.alloc(alignment - remainder));
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case "uint32":
      sink.u32(valueTypes.uint32);
      sink.u32(value.value);
      return;
    case "int32":
      sink.u32(valueTypes.int32);
      sink.i32(value.value);
      return;
    case "float32":
      sink.u32(valueTypes.float32);
      sink.f32(value.value);
      return;
    case "bool":
      sink.u32(valueTypes.bool);
      sink.push(Buffer.from([value.value ? 1 : 0]));
      return;
    case "string":
      sink.u32(valueTypes.string);
      sink.string(value.value);
      return;
    case "string[]":
      sink.u32(valueTypes.array);
      sink.u32(valueTypes.string);
      sink.u64(value.value.length);
      for (const item of value.value) sink.string(item);
      return;
    case "int32[]":
      sink.u32(valueTypes.array);
      sink.u32(valueTypes.int32);
      sink.u64(value.value.length);
      for (const item of value.value) sink.i32(item);
      return;
  }
}

function paddedSize(bytes: number): number {
  return Math.ceil(bytes / ggufAlignment) * ggufAlignment;
}

/** Encodes the whole file in memory (the test models are well under a few MB). */
export function encodeGguf(content: GgufContent): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from("GGUF", "ascii"));
  sink.u32(3);
  sink.u64(content.tensors.length);
  sink.u64(content.metadata.length);
  for (const [key, value] of content.metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const tensor of content.tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (elements !== tensor.data.length) {
      throw new RangeError(`tensor ${tensor.name}: dims [${tensor.dims.join(", ")}] need ${elements} values, got ${tensor.data.length}`);
    }
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(ggmlTypeF32);
    sink.u64(offset);
    offset += paddedSize(tensor.data.byteLength);
  }
  sink.padTo(ggufAlignment);
  for (const tensor of content.tensors) {
    sink.push(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.padTo(ggufAlignment);
  }
  return Buffer.concat(sink.chunks, sink.length);
}
