// Model files the training benchmark derives from its subjects: an F32 copy of an F16 GGUF, and
// a zero LoRA adapter that gives llama.cpp's scheduler room for a deep model's training graph.
import { closeSync, existsSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GgmlType, type GgufTensor, GgufValueType, writeGguf } from '@lamini/testing';

const GGUF_MAGIC = 0x46554747;
const VALUE_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const GGML_F32 = 0;
const GGML_F16 = 1;

interface TensorInfo {
  name: string;
  dims: number[];
  type: number;
  offset: bigint;
}

interface GgufLayout {
  /** Header and key/value bytes, copied verbatim into a converted file. */
  head: Buffer;
  nKv: bigint;
  tensors: TensorInfo[];
  alignment: number;
  /** File offset of the tensor data. */
  dataStart: number;
  architecture: string;
}

/** The file's header, metadata and tensor table (GGUF v2/v3). */
export function readGgufLayout(path: string): GgufLayout {
  const fd = openSync(path, 'r');
  try {
    // Headers of the models used here are a few MiB (the vocabulary); read generously.
    const size = Math.min(statSync(path).size, 64 << 20);
    const buf = Buffer.alloc(size);
    readSync(fd, buf, 0, size, 0);
    let pos = 0;
    const u32 = () => ((pos += 4), buf.readUInt32LE(pos - 4));
    const u64 = () => ((pos += 8), buf.readBigUInt64LE(pos - 8));
    const str = () => {
      const len = Number(u64());
      pos += len;
      return buf.toString('utf8', pos - len, pos);
    };
    const skipValue = (type: number): string | number | undefined => {
      if (type === STRING) return str();
      if (type === ARRAY) {
        const itemType = u32();
        const n = Number(u64());
        for (let i = 0; i < n; i++) skipValue(itemType);
        return undefined;
      }
      const bytes = VALUE_SIZES[type];
      if (bytes === undefined) throw new Error(`${path}: unknown GGUF value type ${type}`);
      pos += bytes;
      return bytes === 4 && type === 4 ? buf.readUInt32LE(pos - 4) : undefined;
    };
    if (u32() !== GGUF_MAGIC) throw new Error(`${path} is not a GGUF file`);
    u32(); // version
    const nTensors = Number(u64());
    const nKv = u64();
    let alignment = 32;
    let architecture = '';
    for (let i = 0; i < Number(nKv); i++) {
      const key = str();
      const value = skipValue(u32());
      if (key === 'general.alignment' && typeof value === 'number') alignment = value;
      if (key === 'general.architecture' && typeof value === 'string') architecture = value;
    }
    const head = Buffer.from(buf.subarray(0, pos));
    const tensors: TensorInfo[] = [];
    for (let i = 0; i < nTensors; i++) {
      const name = str();
      const dims = Array.from({ length: u32() }, () => Number(u64()));
      tensors.push({ name, dims, type: u32(), offset: u64() });
    }
    return { head, nKv, tensors, alignment, dataStart: align(pos, alignment), architecture };
  } finally {
    closeSync(fd);
  }
}

/**
 * `<dir>/<name>-f32.gguf`: an F16 GGUF's metadata and weights, F16 tensors widened to F32
 * (exactly). Written once and reused. Kept out of the generated models' folders, which the
 * services scan.
 */
export function f32Gguf(f16Path: string, dir: string): string {
  const out = join(dir, `${basename(f16Path, '.gguf')}-f32.gguf`);
  const layout = readGgufLayout(f16Path);
  const elements = (t: TensorInfo) => t.dims.reduce((a, b) => a * b, 1);
  const bytesPerElement = (type: number) => {
    if (type === GGML_F32 || type === GGML_F16) return 4;
    throw new Error(`${f16Path}: tensor type ${type} is neither F16 nor F32`);
  };
  const expected = layout.tensors.reduce((n, t) => n + elements(t) * bytesPerElement(t.type), 0);
  if (existsSync(out) && statSync(out).size > expected) return out;

  // Header: the same key/values, then the tensor table with F32 types and new offsets.
  const table: Buffer[] = [];
  let offset = 0;
  for (const t of layout.tensors) {
    const name = Buffer.from(t.name, 'utf8');
    const entry = Buffer.alloc(8 + name.length + 4 + 8 * t.dims.length + 4 + 8);
    let p = entry.writeBigUInt64LE(BigInt(name.length), 0);
    p += name.copy(entry, p);
    p = entry.writeUInt32LE(t.dims.length, p);
    for (const d of t.dims) p = entry.writeBigUInt64LE(BigInt(d), p);
    p = entry.writeUInt32LE(GGML_F32, p);
    entry.writeBigUInt64LE(BigInt(offset), p);
    table.push(entry);
    offset = align(offset + elements(t) * 4, layout.alignment);
  }
  const header = Buffer.concat([layout.head, ...table]);
  const partial = `${out}.${process.pid}.partial`;
  const src = openSync(f16Path, 'r');
  const dst = openSync(partial, 'w');
  try {
    writeSync(dst, header);
    writeSync(dst, Buffer.alloc(align(header.length, layout.alignment) - header.length));
    let written = 0;
    for (const t of layout.tensors) {
      writeSync(dst, Buffer.alloc(align(written, layout.alignment) - written));
      written = align(written, layout.alignment);
      const n = elements(t);
      const chunk = 1 << 20;
      for (let i = 0; i < n; i += chunk) {
        const count = Math.min(chunk, n - i);
        const inBytes = count * (t.type === GGML_F16 ? 2 : 4);
        const raw = Buffer.alloc(inBytes);
        readSync(src, raw, 0, inBytes, layout.dataStart + Number(t.offset) + i * (t.type === GGML_F16 ? 2 : 4));
        const f32 = t.type === GGML_F16 ? widen(raw) : raw;
        writeSync(dst, f32);
        written += f32.length;
      }
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  renameSync(partial, out);
  return out;
}

/**
 * A LoRA adapter of rank 1 and all-zero weights over every matrix of `modelPath` except the token
 * embeddings. Loaded with scale 0 it never enters a graph (llama.cpp leaves zero-scale adapters
 * out of the context), but llama.cpp sizes its scheduler's hash set by the model's tensor count
 * plus 6 nodes per adapter matrix: without it a 12-layer llama's training graph overflows the
 * scheduler (GGML_ASSERT hash_set.size >= n_nodes + n_leafs) in this llama.cpp release.
 */
export async function graphHeadroomAdapter(modelPath: string, dir: string): Promise<{ path: string; matrices: number }> {
  const layout = readGgufLayout(modelPath);
  const matrices = layout.tensors.filter((t) => t.dims.length === 2 && t.name.endsWith('.weight') && t.name !== 'token_embd.weight');
  const path = join(dir, `${basename(modelPath, '.gguf')}-headroom-lora.gguf`);
  if (existsSync(path)) return { path, matrices: matrices.length };
  const zeros = (n: number): GgufTensor['fill'] => (write) => write(new Uint8Array(n * 4));
  const tensors: GgufTensor[] = matrices.flatMap(({ name, dims: [inputs, outputs] }) => [
    { name: `${name}.lora_a`, dims: [inputs, 1], type: GgmlType.F32, fill: zeros(inputs) },
    { name: `${name}.lora_b`, dims: [1, outputs], type: GgmlType.F32, fill: zeros(outputs) },
  ]);
  const partial = `${path}.${process.pid}.partial`;
  await writeGguf(
    partial,
    {
      'general.type': { type: GgufValueType.String, value: 'adapter' },
      'general.architecture': { type: GgufValueType.String, value: layout.architecture },
      'adapter.type': { type: GgufValueType.String, value: 'lora' },
      'adapter.lora.alpha': { type: GgufValueType.Float32, value: 1 },
    },
    tensors,
  );
  renameSync(partial, path);
  return { path, matrices: matrices.length };
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** IEEE half floats to single floats, exactly. */
function widen(half: Buffer): Buffer {
  const table = (halfTable ??= Float32Array.from({ length: 65536 }, (_, h) => halfToFloat(h)));
  const out = Buffer.alloc(half.length * 2);
  const f = new Float32Array(out.buffer, out.byteOffset, half.length / 2);
  for (let i = 0; i < f.length; i++) f[i] = table[half[2 * i] | (half[2 * i + 1] << 8)];
  return out;
}

let halfTable: Float32Array | undefined;

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
