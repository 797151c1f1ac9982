import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { type Pooling, l2Normalize, pool } from './pooling';
import { SentenceTokenizer } from './sentence-tokenizer';

interface PoolingConfig {
  pooling_mode_mean_tokens?: boolean;
  pooling_mode_cls_token?: boolean;
  pooling_mode_max_tokens?: boolean;
  pooling_mode_mean_sqrt_len_tokens?: boolean;
}

/**
 * A sentence-transformers ONNX export run on onnxruntime-node: the model's tokenizer with
 * truncation at the model's max length, the transformer, pooling as the export's pooling
 * config says (mean when it has none), L2 normalisation. One session per model, reused.
 */
export class OnnxSentenceEncoder {
  /** Engine runs so far: how many batches the model has evaluated. */
  runs = 0;

  private constructor(
    private readonly TensorClass: typeof Tensor,
    private readonly session: InferenceSession,
    private readonly tokenizer: SentenceTokenizer,
    private readonly pooling: Pooling,
    readonly dimension: number,
    private readonly takesTokenTypes: boolean,
  ) {}

  static async load(dir: string, threads: number): Promise<OnnxSentenceEncoder> {
    const ort = await import('onnxruntime-node');
    const config = readJson<{ hidden_size?: number; max_position_embeddings?: number }>(join(dir, 'config.json')) ?? {};
    const sentenceConfig = readJson<{ max_seq_length?: number }>(join(dir, 'sentence_bert_config.json'));
    const tokenizerConfig = readJson<{ model_max_length?: number }>(join(dir, 'tokenizer_config.json'));
    if (!tokenizerConfig) throw new Error(`${dir} has no tokenizer_config.json`);
    const maxLength = sentenceConfig?.max_seq_length ?? Math.min(tokenizerConfig.model_max_length ?? Infinity, config.max_position_embeddings ?? 512);
    const session = await ort.InferenceSession.create(join(dir, 'onnx/model.onnx'), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    if (!session.outputNames.includes('last_hidden_state')) {
      throw new Error(`${dir}/onnx/model.onnx has no last_hidden_state output (it has ${session.outputNames.join(', ')})`);
    }
    return new OnnxSentenceEncoder(
      ort.Tensor,
      session,
      await SentenceTokenizer.load(dir, tokenizerConfig, maxLength),
      poolingOf(readJson<PoolingConfig>(join(dir, '1_Pooling/config.json'))),
      config.hidden_size ?? 0,
      session.inputNames.includes('token_type_ids'),
    );
  }

  /** Token ids of each text, truncated: what `embedTokens` takes. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  /** Unit vectors for texts already tokenized, evaluated as one batch padded to the longest. */
  async embedTokens(batch: number[][]): Promise<Float32Array[]> {
    const width = Math.max(...batch.map((ids) => ids.length));
    const ids = new BigInt64Array(batch.length * width);
    const mask = batch.map((row) => Array.from({ length: width }, (_, t) => (t < row.length ? 1 : 0)));
    batch.forEach((row, b) => row.forEach((id, t) => (ids[b * width + t] = BigInt(id))));
    const dims = [batch.length, width];
    const feeds: Record<string, Tensor> = {
      input_ids: new this.TensorClass('int64', ids, dims),
      attention_mask: new this.TensorClass('int64', BigInt64Array.from(mask.flat(), BigInt), dims),
    };
    if (this.takesTokenTypes) feeds['token_type_ids'] = new this.TensorClass('int64', new BigInt64Array(ids.length), dims);
    this.runs++;
    const { last_hidden_state: hidden } = await this.session.run(feeds);
    return pool(hidden.data as Float32Array, hidden.dims, mask, this.pooling).map(l2Normalize);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function poolingOf(config: PoolingConfig | undefined): Pooling {
  if (!config || config.pooling_mode_mean_tokens) return 'mean';
  if (config.pooling_mode_cls_token) return 'cls';
  throw new Error('Only mean and CLS pooling are supported');
}

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}
