import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_MODELS_DIR } from '../gguf/random-llama';
import { SHARED_MODELS_DIR } from '../shared-models';
import { OnnxGraphBuilder } from './onnx-graph-builder';

export interface BertShape {
  /** The folder name, which is the model's name for the registry. */
  name: string;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  vocab: number;
  maxPositions: number;
  /** sentence-transformers' max_seq_length: where the tokenizer truncates. */
  maxSeqLength: number;
}

/**
 * all-MiniLM-L6-v2's architecture and tokenizer, smaller: hidden 64 (not 384), 2 layers (not
 * 6), random weights. It stands in for the real model under the real model's name in the test
 * models folder, so requests that leave `model_name` to its default reach it.
 */
export const MINI_BERT: BertShape = {
  name: 'sentence-transformers/all-MiniLM-L6-v2',
  hidden: 64,
  layers: 2,
  heads: 4,
  intermediate: 128,
  vocab: 30522,
  maxPositions: 512,
  maxSeqLength: 256,
};

/**
 * all-MiniLM-L6-v2's full size (hidden 384, 6 layers, 12 heads; 22.7M parameters) with random
 * weights: what the embedding benchmark measures, since weights' values do not change speed.
 */
export const MINILM_SIZED_BERT: BertShape = {
  name: 'bench/minilm-l6-sized-random',
  hidden: 384,
  layers: 6,
  heads: 12,
  intermediate: 1536,
  vocab: 30522,
  maxPositions: 512,
  maxSeqLength: 256,
};

export const MINILM_TOKENIZER_DIR = join(SHARED_MODELS_DIR, 'all-MiniLM-L6-v2-tokenizer');

/**
 * A sentence-transformers export of a BERT with random weights from a fixed seed, in the layout
 * the real all-MiniLM-L6-v2 has (`onnx/model.onnx` with inputs input_ids, attention_mask,
 * token_type_ids and output last_hidden_state; `tokenizer.json`; `config.json`;
 * `1_Pooling/config.json`; `sentence_bert_config.json`), with the real tokenizer. Written once.
 */
export function bertOnnxModel(shape: BertShape = MINI_BERT, dir = GENERATED_MODELS_DIR): string {
  const root = join(dir, shape.name);
  if (existsSync(join(root, 'onnx/model.onnx'))) return root;
  const partial = `${root}.${process.pid}.partial`;
  mkdirSync(join(partial, 'onnx'), { recursive: true });
  mkdirSync(join(partial, '1_Pooling'), { recursive: true });
  writeFileSync(join(partial, 'onnx/model.onnx'), bertGraph(shape));
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) copyFileSync(join(MINILM_TOKENIZER_DIR, file), join(partial, file));
  writeJson(join(partial, 'config.json'), {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    max_position_embeddings: shape.maxPositions,
    vocab_size: shape.vocab,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_act: 'gelu',
  });
  writeJson(join(partial, 'sentence_bert_config.json'), { max_seq_length: shape.maxSeqLength, do_lower_case: false });
  writeJson(join(partial, '1_Pooling/config.json'), {
    word_embedding_dimension: shape.hidden,
    pooling_mode_cls_token: false,
    pooling_mode_mean_tokens: true,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
  });
  renameSync(partial, root);
  return root;
}

function writeJson(path: string, value: unknown) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function bertGraph(shape: BertShape): Uint8Array {
  const g = new OnnxGraphBuilder();
  const random = new SeededUniform(0xbe27);
  const { hidden: h, heads, intermediate } = shape;
  const headSize = h / heads;
  const weight = (name: string, dims: number[], scale: number) => g.floats(name, dims, random.take(dims.reduce((a, b) => a * b, 1), scale));
  const constant = (name: string, value: number) => g.floats(name, [], [value]);
  const layerNorm = (x: string, prefix: string) =>
    g.op('LayerNormalization', [x, g.floats(`${prefix}.weight`, [h], new Array(h).fill(1)), g.floats(`${prefix}.bias`, [h], new Array(h).fill(0))], { axis: -1, epsilon: 1e-12 });
  const dense = (x: string, prefix: string, inDim: number, outDim: number) =>
    g.op('Add', [g.op('MatMul', [x, weight(`${prefix}.weight`, [inDim, outDim], 0.15)]), weight(`${prefix}.bias`, [outDim], 0.02)]);

  // Embeddings: word + position + token type, then LayerNorm.
  const words = g.op('Gather', [weight('embeddings.word_embeddings.weight', [shape.vocab, h], 1), 'input_ids']);
  const length = g.op('Gather', [g.op('Shape', ['input_ids']), g.ints('one_index', [], [1])], { axis: 0 });
  const positionIds = g.op('Range', [g.ints('range_start', [], [0]), length, g.ints('range_step', [], [1])]);
  const positions = g.op('Gather', [weight('embeddings.position_embeddings.weight', [shape.maxPositions, h], 0.5), positionIds]);
  const types = g.op('Gather', [weight('embeddings.token_type_embeddings.weight', [2, h], 0.5), 'token_type_ids']);
  let x = layerNorm(g.op('Add', [g.op('Add', [words, positions]), types]), 'embeddings.LayerNorm');

  // Padding is masked out of attention with a large negative bias: exp(-1e4) is exactly 0 in float32.
  const mask = g.op('Unsqueeze', [g.op('Cast', ['attention_mask'], { to: 1 }), g.ints('mask_axes', [2], [1, 2])]);
  const maskBias = g.op('Mul', [g.op('Sub', [constant('one', 1), mask]), constant('mask_value', -10000)]);
  const splitHeads = g.ints('split_heads', [4], [0, 0, heads, headSize]);
  const mergeHeads = g.ints('merge_heads', [3], [0, 0, h]);
  const scale = constant('attention_scale', 1 / Math.sqrt(headSize));
  const sqrtHalf = constant('sqrt_half', Math.SQRT1_2);
  const half = constant('half', 0.5);

  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `encoder.layer.${layer}`;
    const heads4 = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, splitHeads])], { perm });
    const q = heads4(dense(x, `${p}.attention.self.query`, h, h), [0, 2, 1, 3]);
    const k = heads4(dense(x, `${p}.attention.self.key`, h, h), [0, 2, 3, 1]);
    const v = heads4(dense(x, `${p}.attention.self.value`, h, h), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), scale]), maskBias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), mergeHeads]);
    x = layerNorm(g.op('Add', [dense(merged, `${p}.attention.output.dense`, h, h), x]), `${p}.attention.output.LayerNorm`);
    // GELU as BERT computes it: x * 0.5 * (1 + erf(x / sqrt 2)).
    const up = dense(x, `${p}.intermediate.dense`, h, intermediate);
    const gelu = g.op('Mul', [g.op('Mul', [up, half]), g.op('Add', [constant(`${p}.one`, 1), g.op('Erf', [g.op('Mul', [up, sqrtHalf])])])]);
    x = layerNorm(g.op('Add', [dense(gelu, `${p}.output.dense`, intermediate, h), x]), `${p}.output.LayerNorm`);
  }
  return g.model({
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
    output: { from: x, name: 'last_hidden_state', width: h },
    opset: 17,
    producer: 'lamini-selfhosted test fixtures',
  });
}

/** Uniform values in ±scale from a seeded mulberry32 stream. */
class SeededUniform {
  constructor(private state: number) {}

  take(count: number, scale: number): Float32Array {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = ((this.next() / 4294967296) * 2 - 1) * scale;
    return values;
  }

  private next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}
