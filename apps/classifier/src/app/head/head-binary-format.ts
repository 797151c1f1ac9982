import { crc32 } from 'node:zlib';

/** What a classifier head stores. */
export interface ClassifierHeadParameters {
  classNames: readonly string[];
  dimensions: number;
  /** Row-major, classes × dimensions. */
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
}

// Layout: "CLFH", u32 header length, UTF-8 JSON header { version, classNames, dimensions,
// temperature }, f32 weights, f32 bias, u32 CRC-32 of everything before it; all little-endian.
const MAGIC = 'CLFH';
const VERSION = 1;

export function encodeHead({ classNames, dimensions, weights, bias, temperature }: ClassifierHeadParameters): Buffer {
  const header = Buffer.from(JSON.stringify({ version: VERSION, classNames, dimensions, temperature }), 'utf8');
  const floatsAt = 8 + header.length;
  const out = Buffer.alloc(floatsAt + 4 * (weights.length + bias.length) + 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  let offset = floatsAt;
  for (const values of [weights, bias]) {
    for (const value of values) offset = out.writeFloatLE(value, offset);
  }
  out.writeUInt32LE(crc32(out.subarray(0, offset)), offset);
  return out;
}

/** Reads what encodeHead wrote; throws a descriptive Error for anything else. */
export function decodeHead(bytes: Uint8Array): ClassifierHeadParameters {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw invalid('missing the CLFH signature');
  const headerLength = buf.readUInt32LE(4);
  if (8 + headerLength + 4 > buf.length) throw invalid(`truncated (${buf.length} bytes) inside the header`);
  let header: unknown;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + headerLength));
  } catch {
    throw invalid('the header is not JSON');
  }
  const { version, classNames, dimensions, temperature } = (header ?? {}) as Record<string, unknown>;
  if (version !== VERSION) throw invalid(`unsupported version ${String(version)}`);
  if (!Array.isArray(classNames) || classNames.length < 2 || !classNames.every((name) => typeof name === 'string')) throw invalid('classNames must list at least 2 names');
  if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) throw invalid('dimensions must be a positive integer');
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) throw invalid('temperature must be a positive number');
  const names: string[] = classNames;
  const weightCount = names.length * dimensions;
  const expected = 8 + headerLength + 4 * (weightCount + names.length) + 4;
  if (buf.length < expected) throw invalid(`truncated: ${buf.length} bytes where the header implies ${expected}`);
  if (buf.length > expected) throw invalid(`${buf.length - expected} unexpected bytes after the end`);
  if (buf.readUInt32LE(expected - 4) !== crc32(buf.subarray(0, expected - 4))) throw invalid('checksum mismatch (corrupted)');
  const floats = new Float32Array(weightCount + names.length);
  for (let i = 0; i < floats.length; i++) floats[i] = buf.readFloatLE(8 + headerLength + 4 * i);
  return {
    classNames: names,
    dimensions,
    weights: floats.slice(0, weightCount),
    bias: floats.slice(weightCount),
    temperature,
  };
}

function invalid(why: string): Error {
  return new Error(`not a valid classifier head buffer: ${why}`);
}
