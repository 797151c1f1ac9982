import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { STORIES_260K_GGUF } from '../shared-models';
import { GgmlType, type GgufTensor, GgufValueType, type GgufValue, tensorBytes, writeGguf } from './gguf-writer';

export interface LlamaShape {
  name: string;
  embedding: number;
  layers: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  vocab: number;
  context: number;
  /** `tokenizer.chat_template`, for a model that brings its own chat format. */
  chatTemplate?: string;
}

/** Llama 2's small configuration: 134M parameters with its 32000-token vocabulary. */
export const LLAMA_134M: LlamaShape = {
  name: 'random-llama-134m',
  embedding: 768,
  layers: 12,
  heads: 12,
  kvHeads: 12,
  feedForward: 2048,
  vocab: 32000,
  context: 2048,
};

/**
 * A tiny llama (stories260K's tokenizer) with a chat template of its own, in plain-text role
 * markers since the vocabulary has no special tokens: for testing that chats are rendered with
 * the model's template. Its random weights make it talk nonsense, quickly.
 */
export const LLAMA_CHAT_TINY: LlamaShape = {
  name: 'random-llama-chat',
  embedding: 64,
  layers: 2,
  heads: 4,
  kvHeads: 4,
  feedForward: 128,
  vocab: 512,
  context: 1024,
  chatTemplate:
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}",
};

/** Where generated models are kept between runs (ignored by git), a folder per model as MODEL_DIRS expects. */
export const GENERATED_MODELS_DIR = resolve(process.env.GENERATED_MODELS_DIR ?? join(__dirname, '../../../../tmp/models'));

/**
 * A llama GGUF with random F16 weights from a fixed seed: the same architecture and the same
 * file layout as a real export, so node-llama-cpp runs it exactly as it would a trained model
 * of that size (weights' values do not change speed). The tokenizer is stories260K's, padded
 * with placeholder pieces up to the shape's vocabulary. Written once and reused.
 */
export async function randomLlamaGguf(shape: LlamaShape = LLAMA_134M, dir = GENERATED_MODELS_DIR): Promise<string> {
  const path = join(dir, shape.name, `${shape.name}.gguf`);
  const tensors = llamaTensors(shape);
  if (existsSync(path) && statSync(path).size > tensors.reduce((n, t) => n + tensorBytes(t), 0)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeGguf(partial, { ...llamaMetadata(shape), ...(await paddedTokenizer(shape.vocab)) }, tensors);
  renameSync(partial, path);
  return path;
}

export function parameterCount(shape: LlamaShape): number {
  return llamaTensors(shape).reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
}

function llamaMetadata(shape: LlamaShape): Record<string, GgufValue> {
  const u32 = (value: number) => ({ type: GgufValueType.Uint32, value }) as const;
  return {
    'general.architecture': { type: GgufValueType.String, value: 'llama' },
    'general.name': { type: GgufValueType.String, value: shape.name },
    'llama.context_length': u32(shape.context),
    'llama.embedding_length': u32(shape.embedding),
    'llama.feed_forward_length': u32(shape.feedForward),
    'llama.block_count': u32(shape.layers),
    'llama.attention.head_count': u32(shape.heads),
    'llama.attention.head_count_kv': u32(shape.kvHeads),
    'llama.attention.layer_norm_rms_epsilon': { type: GgufValueType.Float32, value: 1e-5 },
    'llama.rope.dimension_count': u32(shape.embedding / shape.heads),
    ...(shape.chatTemplate ? { 'tokenizer.chat_template': { type: GgufValueType.String, value: shape.chatTemplate } } : {}),
  };
}

async function paddedTokenizer(vocab: number): Promise<Record<string, GgufValue>> {
  const { readGgufFileInfo } = await import('node-llama-cpp');
  const source = (await readGgufFileInfo(STORIES_260K_GGUF)).metadata.tokenizer.ggml;
  const tokens = [...source.tokens];
  const scores = [...(source.scores ?? [])];
  const types = [...(source.token_type ?? [])];
  for (let i = tokens.length; i < vocab; i++) {
    tokens.push(`▁piece${i}`);
    scores.push(-1000 - i);
    types.push(1);
  }
  const u32 = (value: number) => ({ type: GgufValueType.Uint32, value }) as const;
  return {
    'tokenizer.ggml.model': { type: GgufValueType.String, value: 'llama' },
    'tokenizer.ggml.tokens': { type: GgufValueType.Array, itemType: GgufValueType.String, value: tokens },
    'tokenizer.ggml.scores': { type: GgufValueType.Array, itemType: GgufValueType.Float32, value: scores },
    'tokenizer.ggml.token_type': { type: GgufValueType.Array, itemType: GgufValueType.Int32, value: types },
    'tokenizer.ggml.unknown_token_id': u32(Number(source.unknown_token_id ?? 0)),
    'tokenizer.ggml.bos_token_id': u32(Number(source.bos_token_id ?? 1)),
    'tokenizer.ggml.eos_token_id': u32(Number(source.eos_token_id ?? 2)),
  };
}

function llamaTensors(shape: LlamaShape): GgufTensor[] {
  const random = new RandomHalfFloats(0x1a3141);
  const weight = (name: string, dims: number[]): GgufTensor => ({ name, dims, type: GgmlType.F16, fill: (write) => random.fill(dims, write) });
  const norm = (name: string): GgufTensor => ({ name, dims: [shape.embedding], type: GgmlType.F32, fill: (write) => write(ones(shape.embedding)) });
  const e = shape.embedding;
  const kv = (e / shape.heads) * shape.kvHeads;
  const blocks = Array.from({ length: shape.layers }, (_, i) => [
    weight(`blk.${i}.attn_q.weight`, [e, e]),
    weight(`blk.${i}.attn_k.weight`, [e, kv]),
    weight(`blk.${i}.attn_v.weight`, [e, kv]),
    weight(`blk.${i}.attn_output.weight`, [e, e]),
    norm(`blk.${i}.attn_norm.weight`),
    weight(`blk.${i}.ffn_gate.weight`, [e, shape.feedForward]),
    weight(`blk.${i}.ffn_down.weight`, [shape.feedForward, e]),
    weight(`blk.${i}.ffn_up.weight`, [e, shape.feedForward]),
    norm(`blk.${i}.ffn_norm.weight`),
  ]);
  return [weight('token_embd.weight', [e, shape.vocab]), norm('output_norm.weight'), weight('output.weight', [e, shape.vocab]), ...blocks.flat()];
}

function ones(n: number): Uint8Array {
  return new Uint8Array(new Float32Array(n).fill(1).buffer);
}

/** Uniform values in ±0.04 as IEEE half floats, from a seeded mulberry32 stream. */
class RandomHalfFloats {
  private readonly table = Uint16Array.from({ length: 4096 }, (_, i) => toHalf(((i + 0.5) / 4096 - 0.5) * 0.08));

  constructor(private state: number) {}

  async fill(dims: number[], write: (chunk: Uint8Array) => Promise<void>) {
    let left = dims.reduce((a, b) => a * b, 1);
    while (left > 0) {
      const chunk = new Uint16Array(Math.min(left, 1 << 20));
      for (let i = 0; i < chunk.length; i++) chunk[i] = this.table[this.next() & 4095];
      await write(new Uint8Array(chunk.buffer));
      left -= chunk.length;
    }
  }

  private next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign | (((mantissa | 0x800000) >>> (1 - exponent)) >>> 13);
  return sign | (exponent << 10) | (mantissa >>> 13);
}
