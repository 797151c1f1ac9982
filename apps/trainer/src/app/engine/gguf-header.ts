// Reads a GGUF file's metadata header (not its tensors) and patches uint32 values in place.
// llama.cpp's training overwrites `<arch>.context_length` with the training context, which would
// cap the served model's context; the trainer writes the base model's value back.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
const TYPE_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
const UINT32 = 4;

export interface GgufKv {
  key: string;
  type: number;
  /** Byte offset of the value in the file. */
  offset: number;
  /** Scalar numbers and strings; arrays are skipped (undefined). */
  value: number | bigint | string | boolean | undefined;
}

export interface GgufTensorInfo {
  name: string;
  type: number;
  dims: number[];
}

export interface GgufHeader {
  kvs: Map<string, GgufKv>;
  tensors: GgufTensorInfo[];
}

export function readGgufHeader(path: string): GgufHeader {
  const reader = new HeaderReader(path);
  try {
    if (reader.u32() !== GGUF_MAGIC) throw new Error(`${path} is not a GGUF file`);
    const version = reader.u32();
    if (version < 2) throw new Error(`${path}: GGUF version ${version} is not supported`);
    const nTensors = Number(reader.u64());
    const nKv = Number(reader.u64());
    const kvs = new Map<string, GgufKv>();
    for (let i = 0; i < nKv; i++) {
      const key = reader.string();
      const type = reader.u32();
      const offset = reader.pos;
      kvs.set(key, { key, type, offset, value: reader.value(type) });
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < nTensors; i++) {
      const name = reader.string();
      const nDims = reader.u32();
      const dims = Array.from({ length: nDims }, () => Number(reader.u64()));
      const type = reader.u32();
      reader.u64(); // data offset
      tensors.push({ name, type, dims });
    }
    return { kvs, tensors };
  } finally {
    reader.close();
  }
}

/** The architecture's context_length, or undefined when the file has none. */
export function ggufContextLength(path: string): number | undefined {
  const { kvs } = readGgufHeader(path);
  const arch = kvs.get('general.architecture')?.value;
  const kv = kvs.get(`${String(arch)}.context_length`);
  return kv && kv.type === UINT32 ? Number(kv.value) : undefined;
}

export function setGgufContextLength(path: string, contextLength: number): void {
  const { kvs } = readGgufHeader(path);
  const arch = kvs.get('general.architecture')?.value;
  const kv = kvs.get(`${String(arch)}.context_length`);
  if (!kv || kv.type !== UINT32) throw new Error(`${path} has no uint32 ${String(arch)}.context_length`);
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(contextLength);
    writeSync(fd, b, 0, 4, kv.offset);
  } finally {
    closeSync(fd);
  }
}

class HeaderReader {
  pos = 0;
  private readonly fd: number;
  private buf = Buffer.alloc(0);
  private bufStart = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  close(): void {
    closeSync(this.fd);
  }

  u32(): number {
    return this.take(4).readUInt32LE(0);
  }

  u64(): bigint {
    return this.take(8).readBigUInt64LE(0);
  }

  string(): string {
    const len = Number(this.u64());
    return this.take(len).toString('utf8');
  }

  value(type: number): GgufKv['value'] {
    if (type === STRING) return this.string();
    if (type === ARRAY) {
      const itemType = this.u32();
      const n = Number(this.u64());
      for (let i = 0; i < n; i++) this.value(itemType);
      return undefined;
    }
    const size = TYPE_SIZES[type];
    if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
    const b = this.take(size);
    switch (type) {
      case 0: return b.readUInt8(0);
      case 1: return b.readInt8(0);
      case 2: return b.readUInt16LE(0);
      case 3: return b.readInt16LE(0);
      case 4: return b.readUInt32LE(0);
      case 5: return b.readInt32LE(0);
      case 6: return b.readFloatLE(0);
      case 7: return b.readUInt8(0) !== 0;
      case 10: return b.readBigUInt64LE(0);
      case 11: return b.readBigInt64LE(0);
      default: return b.readDoubleLE(0);
    }
  }

  private take(n: number): Buffer {
    const end = this.pos + n;
    if (end > this.bufStart + this.buf.length || this.pos < this.bufStart) {
      const chunk = Buffer.alloc(Math.max(n, 1 << 20));
      const read = readSync(this.fd, chunk, 0, chunk.length, this.pos);
      if (read < n) throw new Error('truncated GGUF header');
      this.buf = chunk.subarray(0, read);
      this.bufStart = this.pos;
    }
    const out = this.buf.subarray(this.pos - this.bufStart, end - this.bufStart);
    this.pos = end;
    return out;
  }
}
