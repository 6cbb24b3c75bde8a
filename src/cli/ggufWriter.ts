/**
 * A minimal writer for GGUF version 3 files: typed metadata plus F32 or
 * Q8_0 tensors, laid out with the format's alignment rules. Enough to make a
 * small model that llama.cpp loads, or a random-weight file of a real
 * model's shape and size (Q8_0 blocks given as bytes: per 32 weights, an
 * f16 scale then 32 int8 values).
 *
 * @example
 * const bytes = writeGguf({
 *   metadata: [{ key: "general.architecture", type: "string", value: "llama" }],
 *   tensors: [{ name: "output_norm.weight", dims: [64], data: new Float32Array(64).fill(1) }],
 * });
 */

/** A metadata entry; arrays hold one element type. */
export type GgufValue =
  | { key: string; type: "uint32"; value: number }
  | { key: string; type: "int32"; value: number }
  | { key: string; type: "float32"; value: number }
  | { key: string; type: "bool"; value: boolean }
  | { key: string; type: "string"; value: string }
  | { key: string; type: "string[]"; value: readonly string[] }
  | { key: string; type: "int32[]"; value: readonly number[] };

/** A tensor; `dims` lists the innermost (fastest-varying) dimension first, as ggml does. F32 values, or Q8_0 blocks as bytes. */
export type GgufTensor = { name: string; dims: readonly number[]; data: Float32Array } | { name: string; dims: readonly number[]; q8_0: Uint8Array };

/** Bytes of one Q8_0 block: an f16 scale and 32 int8 weights. */
export const Q8_0_BLOCK_BYTES = 34;

export type GgufContent = { metadata: readonly GgufValue[]; tensors: readonly GgufTensor[]; alignment?: number };

const TYPE = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;
const GGML_TYPE_F32 = 0;
const GGML_TYPE_Q8_0 = 8;

/** The tensor's type and data size in bytes; throws when its data does not fill its dims. */
function tensorLayout(tensor: GgufTensor): { type: number; bytes: number } {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if ("data" in tensor) {
    if (count !== tensor.data.length) throw new Error(`tensor ${tensor.name}: dims ${tensor.dims.join("x")} hold ${count} values, data has ${tensor.data.length}`);
    return { type: GGML_TYPE_F32, bytes: count * 4 };
  }
  const bytes = (count / 32) * Q8_0_BLOCK_BYTES;
  if (tensor.dims[0]! % 32 !== 0 || tensor.q8_0.length !== bytes) {
    throw new Error(`tensor ${tensor.name}: Q8_0 needs rows of a multiple of 32 and ${bytes} bytes of blocks, has ${tensor.q8_0.length}`);
  }
  return { type: GGML_TYPE_Q8_0, bytes };
}

/** Appends little-endian values to a growing list of chunks. */
class ByteSink {
  readonly chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }

  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }

  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }

  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }

  str(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }

  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.push(Buffer.alloc(alignment - rest));
  }
}

function writeValue(sink: ByteSink, entry: GgufValue): void {
  switch (entry.type) {
    case "uint32":
      sink.u32(TYPE.uint32);
      sink.u32(entry.value);
      return;
    case "int32":
      sink.u32(TYPE.int32);
      sink.i32(entry.value);
      return;
    case "float32":
      sink.u32(TYPE.float32);
      sink.f32(entry.value);
      return;
    case "bool":
      sink.u32(TYPE.bool);
      sink.push(Buffer.from([entry.value ? 1 : 0]));
      return;
    case "string":
      sink.u32(TYPE.string);
      sink.str(entry.value);
      return;
    case "string[]":
      sink.u32(TYPE.array);
      sink.u32(TYPE.string);
      sink.u64(entry.value.length);
      for (const s of entry.value) sink.str(s);
      return;
    case "int32[]":
      sink.u32(TYPE.array);
      sink.u32(TYPE.int32);
      sink.u64(entry.value.length);
      for (const n of entry.value) sink.i32(n);
      return;
  }
}

/** Serialises a whole GGUF v3 file into one buffer. */
export function writeGguf(content: GgufContent): Buffer {
  const alignment = content.alignment ?? 32;
  const sink = new ByteSink();
  sink.push(Buffer.from("GGUF", "ascii"));
  sink.u32(3);
  sink.u64(content.tensors.length);
  const metadata: GgufValue[] = [...content.metadata];
  if (alignment !== 32) metadata.push({ key: "general.alignment", type: "uint32", value: alignment });
  sink.u64(metadata.length);
  for (const entry of metadata) {
    sink.str(entry.key);
    writeValue(sink, entry);
  }

  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of content.tensors) {
    const layout = tensorLayout(tensor);
    offsets.push(offset);
    sink.str(tensor.name);
    sink.u32(tensor.dims.length);
    for (const d of tensor.dims) sink.u64(d);
    sink.u32(layout.type);
    sink.u64(offset);
    offset += Math.ceil(layout.bytes / alignment) * alignment;
  }
  sink.padTo(alignment);

  content.tensors.forEach((tensor, i) => {
    let bytes: Buffer;
    if ("data" in tensor) {
      bytes = Buffer.alloc(tensor.data.length * 4);
      for (let j = 0; j < tensor.data.length; j++) bytes.writeFloatLE(tensor.data[j]!, j * 4);
    } else {
      bytes = Buffer.from(tensor.q8_0.buffer, tensor.q8_0.byteOffset, tensor.q8_0.byteLength);
    }
    if (sink.length % alignment !== 0 || offsets[i] === undefined) throw new Error("internal: tensor data misaligned");
    sink.push(bytes);
    sink.padTo(alignment);
  });
  return Buffer.concat(sink.chunks, sink.length);
}
