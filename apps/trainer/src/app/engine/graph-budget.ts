// llama.cpp sizes every compute graph of a context when the context is created
// (llama_context::graph_max_nodes): B = max(1024, 8 × model tensors), plus 6 per tensor pair of
// every LoRA adapter loaded on the model. ggml-opt builds the training graph (forward, backward,
// AdamW) into graphs of that size, and the scheduler's hash set holds ggml_hash_size(B) tensors
// (the prime above the next power of two); a training graph needs nodes <= B, leafs <= B and
// nodes + leafs <= ggml_hash_size(B), else a GGML_ASSERT aborts the whole process. A llama's
// graph grows by 132 tensors per layer against 72 of budget, so past 7 layers it does not fit.
// Loading (never applying) a LoRA adapter raises B without adding a node to any graph: the engine
// writes a rank-1 all-zero adapter for the model and loads it as many times as the graph needs.
import { type GgufTensorInfo, readGgufHeader } from './gguf-header';
import { type GgufF32Tensor, writeGguf } from './gguf-writer';

/**
 * Tensors (nodes + leafs) of one training step's graph of a llama, measured on this build
 * (node-llama-cpp 3.22.1) by walking the graph the scheduler computes, 1 to 128 layers:
 * 103 nodes + 29 leafs per layer, 39 besides. Whatever the width, the head count or the context.
 */
export const GRAPH_TENSORS_PER_LAYER = 132;
export const GRAPH_TENSORS_BASE = 40;
/** Head-room over the measured count, for llama-like architectures with a few more ops per layer (biases, norms); spare budget costs next to nothing. */
const MARGIN = 1.5;
/** Nodes per tensor pair of a loaded adapter (llama_adapter_lora::get_n_nodes). */
const NODES_PER_LORA_PAIR = 6;

/** The most layers the engine trains: one step of a 128-layer llama is tested (llama-trainer.spec.ts). */
export const MAX_TRAINABLE_LAYERS = 128;

export interface GraphBudgetPlan {
  layers: number;
  /** Graph budget the training context must have (measured need with margin). */
  nodesNeeded: number;
  /** llama.cpp's own budget for the model, without adapters. */
  baseBudget: number;
  /** Tensor pairs in the budget adapter (one per 2-D weight but the token embedding). */
  pairs: number;
  /** How many times to load the adapter (0: the model fits as it is). */
  loads: number;
  /** The budget with those loads. */
  budget: number;
}

/** Graph budget a training context needs for a llama of `layers` layers (measured need with margin). */
export function trainingGraphNodes(layers: number): number {
  return Math.ceil(MARGIN * (GRAPH_TENSORS_BASE + GRAPH_TENSORS_PER_LAYER * layers));
}

/** How many loads of the budget adapter a training context for this model needs; throws when the model cannot be trained. */
export function planGraphBudget(modelPath: string): GraphBudgetPlan {
  const { arch, layers, tensors } = modelInfo(modelPath);
  if (!(layers > 0)) throw new Error(`${modelPath}: no ${arch}.block_count in the GGUF`);
  if (layers > MAX_TRAINABLE_LAYERS) {
    throw new Error(`${modelPath} has ${layers} layers; the engine trains models of at most ${MAX_TRAINABLE_LAYERS} layers (llama.cpp's training graph is tested that far)`);
  }
  const baseBudget = Math.max(1024, 8 * tensors.length);
  const pairs = budgetPairs(tensors).length;
  const nodesNeeded = trainingGraphNodes(layers);
  const missing = Math.max(0, nodesNeeded - baseBudget);
  if (missing > 0 && pairs === 0) {
    throw new Error(`${modelPath}: its training graph needs ${nodesNeeded} nodes, llama.cpp gives ${baseBudget}, and it has no 2-D weights to raise that with`);
  }
  const loads = missing === 0 ? 0 : Math.ceil(missing / (NODES_PER_LORA_PAIR * pairs));
  return { layers, nodesNeeded, baseBudget, pairs, loads, budget: baseBudget + loads * NODES_PER_LORA_PAIR * pairs };
}

/**
 * Writes the budget adapter for the model at `modelPath`: for every 2-D weight but token_embd
 * (whose pair llama.cpp shapes the other way round) a rank-1 pair of F32 zeros shaped as
 * llama-adapter.cpp checks them: lora_a [ne0, 1], lora_b [1, ne1].
 */
export function writeBudgetAdapter(modelPath: string, path: string): void {
  const { arch, tensors } = modelInfo(modelPath);
  const pairs: GgufF32Tensor[] = budgetPairs(tensors).flatMap(({ name, dims }) => [
    { name: `${name}.lora_a`, dims: [dims[0], 1] },
    { name: `${name}.lora_b`, dims: [1, dims[1]] },
  ]);
  writeGguf(
    path,
    {
      'general.architecture': { type: 'string', value: arch },
      'general.type': { type: 'string', value: 'adapter' },
      'general.name': { type: 'string', value: 'graph-budget' },
      'adapter.type': { type: 'string', value: 'lora' },
      'adapter.lora.alpha': { type: 'f32', value: 1 },
    },
    pairs,
  );
}

function modelInfo(modelPath: string): { arch: string; layers: number; tensors: GgufTensorInfo[] } {
  const { kvs, tensors } = readGgufHeader(modelPath);
  const arch = String(kvs.get('general.architecture')?.value);
  return { arch, layers: Number(kvs.get(`${arch}.block_count`)?.value ?? 0), tensors };
}

function budgetPairs(tensors: GgufTensorInfo[]): GgufTensorInfo[] {
  return tensors.filter((t) => t.dims.length === 2 && t.name.endsWith('.weight') && t.name !== 'token_embd.weight');
}
