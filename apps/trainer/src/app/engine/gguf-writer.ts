// A minimal GGUF v3 writer for small files the engine makes itself (the graph-budget adapter):
// string, uint32 and float32 metadata, F32 tensors, all built in memory and written at once.
import { writeFileSync } from 'node:fs';

const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
const ALIGNMENT = 32; // GGUF's default general.alignment
const GGML_TYPE_F32 = 0;

export type GgufMetaValue = { type: 'string'; value: string } | { type: 'u32'; value: number } | { type: 'f32'; value: number };

export interface GgufF32Tensor {
  name: string;
  /** ggml order: the fastest-varying dimension first. */
  dims: number[];
  /** Its elements; zeros when absent. */
  data?: Float32Array;
}

const VALUE_TYPES = { u32: 4, f32: 6, string: 8 } as const;

export function writeGguf(path: string, metadata: Record<string, GgufMetaValue>, tensors: GgufF32Tensor[]): void {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    push(b);
  };
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    push(b);
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    u64(b.length);
    push(b);
  };

  u32(GGUF_MAGIC);
  u32(3);
  u64(tensors.length);
  u64(Object.keys(metadata).length);
  for (const [key, v] of Object.entries(metadata)) {
    str(key);
    u32(VALUE_TYPES[v.type]);
    if (v.type === 'string') str(v.value);
    else if (v.type === 'u32') u32(v.value);
    else {
      const b = Buffer.alloc(4);
      b.writeFloatLE(v.value);
      push(b);
    }
  }
  const sizes = tensors.map((t) => 4 * t.dims.reduce((a, b) => a * b, 1));
  let offset = 0;
  tensors.forEach((t, i) => {
    if (t.data && t.data.length * 4 !== sizes[i]) throw new Error(`tensor ${t.name}: ${t.data.length} values for dims ${t.dims.join('×')}`);
    str(t.name);
    u32(t.dims.length);
    for (const d of t.dims) u64(d);
    u32(GGML_TYPE_F32);
    u64(offset);
    offset = align(offset + sizes[i]);
  });
  push(Buffer.alloc(align(length) - length));
  tensors.forEach((t, i) => {
    push(t.data ? Buffer.from(t.data.buffer, t.data.byteOffset, sizes[i]) : Buffer.alloc(sizes[i]));
    push(Buffer.alloc(align(sizes[i]) - sizes[i]));
  });
  writeFileSync(path, Buffer.concat(parts, length));
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}
