/**
 * What a loaded model holds in memory: its weights (the GGUF file) and the KV cache of its
 * context, which llama.cpp allocates in full when the context is created: every sequence gets
 * its own `contextSize` cells, and each cell holds, in every layer, a key and a value per KV
 * head (f16 by default). For a 7B model without grouped-query attention at 8 sequences of 2048
 * tokens that is 8 GiB, twice its 4-bit weights: a budget that counted only files let the pod
 * pass its memory limit and be killed before anything was evicted.
 */

/** The fields of a GGUF file's architecture metadata the KV cache's size depends on. */
export interface AttentionShape {
  block_count?: number;
  embedding_length?: number;
  context_length?: number;
  attention?: {
    head_count?: number | number[];
    head_count_kv?: number | number[];
    key_length?: number;
    value_length?: number;
  };
}

/** llama.cpp's default KV cache type is f16. */
const KV_CELL_BYTES = 2;

/** llama.cpp and node-llama-cpp round context sizes up to a multiple of this (GGML_PAD). */
const CONTEXT_PAD = 256;

const pad = (cells: number) => Math.ceil(cells / CONTEXT_PAD) * CONTEXT_PAD;

/**
 * The allowance per token of context when a file's metadata does not give its attention shape:
 * a 7B-class model without grouped-query attention (32 layers, 4096 wide, f16 keys and values),
 * larger than most models' actual figure, so an unknown model is over- rather than under-counted.
 */
export const FALLBACK_KV_BYTES_PER_TOKEN = 32 * 4096 * 2 * KV_CELL_BYTES;

/** Bytes of KV cache per token of context, summed over layers; undefined when the metadata lacks the shape. */
export function kvCacheBytesPerToken(shape: AttentionShape): number | undefined {
  const { block_count: layers, embedding_length: width, attention = {} } = shape;
  if (!layers || !width) return undefined;
  const perLayer = (value: number | number[] | undefined, layer: number) => (Array.isArray(value) ? value[layer] : value);
  let bytes = 0;
  for (let layer = 0; layer < layers; layer++) {
    const heads = perLayer(attention.head_count, layer);
    const kvHeads = perLayer(attention.head_count_kv, layer) ?? heads;
    if (kvHeads === undefined) return undefined;
    if (kvHeads === 0) continue; // a layer without attention (recurrent or hybrid models)
    const headWidth = heads ? width / heads : undefined;
    const keyWidth = attention.key_length ?? headWidth;
    const valueWidth = attention.value_length ?? headWidth;
    if (keyWidth === undefined || valueWidth === undefined) return undefined;
    bytes += kvHeads * (keyWidth + valueWidth) * KV_CELL_BYTES;
  }
  return bytes;
}

/** The context size a model gets: the configured one, capped at what the model was trained for. */
export function contextSizeFor(shape: AttentionShape, configured: number): number {
  return Math.min(configured, shape.context_length || configured);
}

export interface ModelMemory {
  weightsBytes: number;
  kvCacheBytes: number;
  /** Whether the KV cache was computed from the file's shape or taken from the fallback allowance. */
  kvCacheFrom: 'metadata' | 'allowance';
  totalBytes: number;
}

/** The memory a model will hold once loaded with `sequences` sequences of (up to) `contextSize` tokens. */
export function modelMemory(weightsBytes: number, shape: AttentionShape, sequences: number, contextSize: number): ModelMemory {
  // node-llama-cpp asks for the sequences' cells together, padded, then llama.cpp gives each
  // sequence its own stream of that share, padded again.
  const cells = sequences * pad(Math.floor(pad(sequences * contextSizeFor(shape, contextSize)) / sequences));
  const perToken = kvCacheBytesPerToken(shape);
  const kvCacheBytes = cells * (perToken ?? FALLBACK_KV_BYTES_PER_TOKEN);
  return {
    weightsBytes,
    kvCacheBytes,
    kvCacheFrom: perToken === undefined ? 'allowance' : 'metadata',
    totalBytes: weightsBytes + kvCacheBytes,
  };
}
