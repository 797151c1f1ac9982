import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** GGUF metadata value types (ggml's `gguf_type`). */
export enum GgufValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

export enum GgmlType {
  F32 = 0,
  F16 = 1,
}

export type GgufValue =
  | { type: GgufValueType.Uint32 | GgufValueType.Int32 | GgufValueType.Float32; value: number }
  | { type: GgufValueType.Bool; value: boolean }
  | { type: GgufValueType.String; value: string }
  | { type: GgufValueType.Array; itemType: GgufValueType.String; value: string[] }
  | { type: GgufValueType.Array; itemType: GgufValueType.Float32 | GgufValueType.Int32; value: number[] };

export interface GgufTensor {
  name: string;
  /** ggml order: the fastest-varying dimension first (`[n_embd, n_vocab]` for token_embd). */
  dims: number[];
  type: GgmlType;
  /** Writes the tensor's bytes in chunks; called once, in file order. */
  fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>;
}

const ALIGNMENT = 32;
const BYTES_PER_ELEMENT: Record<GgmlType, number> = { [GgmlType.F32]: 4, [GgmlType.F16]: 2 };

export function tensorBytes(tensor: Pick<GgufTensor, 'dims' | 'type'>): number {
  return tensor.dims.reduce((n, d) => n * d, 1) * BYTES_PER_ELEMENT[tensor.type];
}

/** Writes a GGUF v3 file: header, metadata, tensor table, then the aligned tensor data. */
export async function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: GgufTensor[]) {
  const head = new ByteWriter();
  head.u32(0x46554747).u32(3).u64(tensors.length).u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) head.string(key).value(value);
  let offset = 0;
  for (const tensor of tensors) {
    head.string(tensor.name).u32(tensor.dims.length);
    for (const dim of tensor.dims) head.u64(dim);
    head.u32(tensor.type).u64(offset);
    offset = align(offset + tensorBytes(tensor));
  }
  head.pad(align(head.length) - head.length);

  const out = createWriteStream(path);
  const write = async (chunk: Uint8Array) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(head.bytes());
  for (const tensor of tensors) {
    await tensor.fill(write);
    const size = tensorBytes(tensor);
    await write(new Uint8Array(align(size) - size));
  }
  out.end();
  await once(out, 'finish');
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return this.push(b);
  }

  u64(n: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return this.push(b);
  }

  string(s: string) {
    const b = Buffer.from(s, 'utf8');
    return this.u64(b.length).push(b);
  }

  pad(n: number) {
    return this.push(Buffer.alloc(n));
  }

  value(v: GgufValue) {
    this.u32(v.type);
    if (v.type === GgufValueType.Array) {
      this.u32(v.itemType).u64(v.value.length);
      for (const item of v.value) this.scalar(v.itemType, item);
      return this;
    }
    return this.scalar(v.type, v.value);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private scalar(type: GgufValueType, value: number | string | boolean) {
    const b = Buffer.alloc(4);
    switch (type) {
      case GgufValueType.String:
        return this.string(value as string);
      case GgufValueType.Bool:
        return this.push(Buffer.from([value ? 1 : 0]));
      case GgufValueType.Uint32:
        b.writeUInt32LE(value as number);
        break;
      case GgufValueType.Int32:
        b.writeInt32LE(value as number);
        break;
      case GgufValueType.Float32:
        b.writeFloatLE(value as number);
        break;
      default:
        throw new Error(`unsupported GGUF value type ${type}`);
    }
    return this.push(b);
  }

  private push(b: Buffer) {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
}
