// A loaded model and its context, driven synchronously through the FFI (inside the worker thread).
import type { FactSequence, Tokenizer } from './fact-sequences';
import {
  allocInt32,
  allocFloat32,
  freeNative,
  GGML_OPT_OPTIMIZER_TYPE_ADAMW,
  GGML_TYPE_F32,
  GGML_TYPE_I32,
  type GpuChoice,
  LLAMA_FLASH_ATTN_TYPE_DISABLED,
  LLAMA_LOAD_MODE_NONE,
  type LlamaApi,
  ggmlOpByName,
  loadLlama,
  readTensorHead,
  registerSchedEvalCallback,
  OPTIMIZER_PARAMS_FLOATS,
  type Ptr,
  viewFloat32,
  viewInt32,
} from './llama-ffi';

export interface SessionOptions {
  modelPath: string;
  threads: number;
  gpu: GpuChoice;
  /** Context size to ask for; llama.cpp rounds it up to a multiple of 256. */
  contextSize: number;
  /** Writable weights and F32 KV cache (training); otherwise as inference loads it. */
  forTraining: boolean;
  /**
   * A LoRA adapter loaded `loads` times onto the model before the context is created and never
   * applied: each load raises llama.cpp's graph budget (see graph-budget.ts) and adds no compute.
   */
  budgetAdapter?: { path: string; loads: number };
}

export interface AdamW {
  alpha: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export class LlamaModelSession implements Tokenizer {
  readonly api: LlamaApi;
  readonly model: Ptr;
  readonly vocab: Ptr;
  readonly ctx: Ptr;
  readonly nCtx: number;
  readonly nVocab: number;
  readonly eos: number;
  private training?: Training;
  private readonly adapters: Ptr[] = [];
  private readonly evalCallback?: { ptr: Ptr; release(): void };
  /** Gradient accumulators of the trained weights, found by the eval callback during the first step. */
  readonly gradAccumulators = new Set<Ptr>();
  private collectGradAccumulators = false;

  constructor(readonly options: SessionOptions) {
    this.api = loadLlama(options.gpu);
    const api = this.api;
    const mp = api.llama_model_default_params();
    mp.n_gpu_layers = options.gpu === false ? 0 : -1;
    if (options.forTraining) mp.load_mode = LLAMA_LOAD_MODE_NONE;
    const model = api.llama_model_load_from_file(options.modelPath, mp);
    if (!model) throw new Error(`llama.cpp could not load ${options.modelPath}`);
    this.model = model;
    this.vocab = api.llama_model_get_vocab(model);
    this.nVocab = api.llama_vocab_n_tokens(this.vocab);
    this.eos = api.llama_vocab_eos(this.vocab);
    for (let i = 0; i < (options.budgetAdapter?.loads ?? 0); i++) {
      const adapter = api.llama_adapter_lora_init(model, options.budgetAdapter?.path ?? '');
      if (!adapter) {
        this.freeModel();
        throw new Error(`llama.cpp could not load the graph-budget adapter ${options.budgetAdapter?.path} for ${options.modelPath}`);
      }
      this.adapters.push(adapter);
    }

    const cp = api.llama_context_default_params();
    cp.n_ctx = options.contextSize;
    cp.n_batch = options.contextSize;
    cp.n_ubatch = options.contextSize;
    cp.n_outputs_max_per_seq = 0;
    cp.n_threads = options.threads;
    cp.n_threads_batch = options.threads;
    if (options.forTraining) {
      const adamwOp = ggmlOpByName(api, 'OPT_STEP_ADAMW');
      this.evalCallback = registerSchedEvalCallback((tensor, ask) => {
        if (this.collectGradAccumulators && ask) {
          const node = readTensorHead(tensor);
          const grad = node.op === adamwOp ? node.src[1] : null;
          if (grad) this.gradAccumulators.add(readTensorHead(grad).view_src ?? grad);
        }
        return false;
      });
      cp.cb_eval = this.evalCallback.ptr;
      cp.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED;
      cp.type_k = GGML_TYPE_F32;
      cp.type_v = GGML_TYPE_F32;
    }
    const ctx = api.llama_init_from_model(model, cp);
    if (!ctx) {
      this.freeModel();
      this.evalCallback?.release();
      throw new Error(`llama.cpp could not create a context for ${options.modelPath}`);
    }
    this.ctx = ctx;
    this.nCtx = api.llama_n_ctx(ctx);
  }

  tokenize(text: string): number[] {
    const bytes = Buffer.from(text, 'utf8');
    let out = new Int32Array(bytes.length + 8);
    let n = this.api.llama_tokenize(this.vocab, bytes, bytes.length, out, out.length, true, false);
    if (n < 0) {
      out = new Int32Array(-n);
      n = this.api.llama_tokenize(this.vocab, bytes, bytes.length, out, out.length, true, false);
    }
    return Array.from(out.subarray(0, n));
  }

  piece(token: number): Buffer {
    const buf = Buffer.alloc(256);
    const n = this.api.llama_token_to_piece(this.vocab, token, buf, buf.length, 0, false);
    return buf.subarray(0, Math.max(n, 0));
  }

  pieces(): Buffer[] {
    return Array.from({ length: this.nVocab }, (_, id) => (this.api.llama_vocab_is_control(this.vocab, id) ? Buffer.alloc(0) : this.piece(id)));
  }

  /** Greedy continuation of `prompt` until an end-of-generation token or `maxTokens`; returns the text. */
  generate(prompt: number[], maxTokens: number): string {
    const api = this.api;
    api.llama_memory_clear(api.llama_get_memory(this.ctx), true);
    const limit = Math.min(maxTokens, this.nCtx - prompt.length);
    const buf = allocInt32(Math.max(prompt.length, 1));
    const out: Buffer[] = [];
    try {
      buf.view.set(prompt);
      let batch = api.llama_batch_get_one(buf.ptr, prompt.length);
      for (let i = 0; i < limit; i++) {
        if (api.llama_decode(this.ctx, batch) !== 0) throw new Error('llama_decode failed');
        const logitsPtr = api.llama_get_logits_ith(this.ctx, -1);
        if (!logitsPtr) throw new Error('no logits');
        const next = argmax(viewFloat32(logitsPtr, this.nVocab));
        if (api.llama_vocab_is_eog(this.vocab, next)) break;
        out.push(this.piece(next));
        buf.view[0] = next;
        batch = api.llama_batch_get_one(buf.ptr, 1);
      }
    } finally {
      freeNative(buf.ptr);
    }
    return Buffer.concat(out).toString('utf8');
  }

  /**
   * Teacher-forced, decoding as inference does: per sequence, the smallest lead in logits of each
   * answer token (and the EOS after it) over the strongest other token. Negative where greedy
   * decoding would leave the answer.
   */
  answerMargins(sequences: FactSequence[]): number[] {
    const api = this.api;
    const buf = allocInt32(Math.max(...sequences.map((s) => s.prompt.length), 1));
    try {
      return sequences.map((seq) => {
        api.llama_memory_clear(api.llama_get_memory(this.ctx), true);
        buf.view.set(seq.prompt);
        let batch = api.llama_batch_get_one(buf.ptr, seq.prompt.length);
        let least = Infinity;
        for (let j = seq.prompt.length; j < seq.tokens.length; j++) {
          if (api.llama_decode(this.ctx, batch) !== 0) throw new Error('llama_decode failed');
          const logitsPtr = api.llama_get_logits_ith(this.ctx, -1);
          if (!logitsPtr) throw new Error('no logits');
          least = Math.min(least, lead(viewFloat32(logitsPtr, this.nVocab), seq.tokens[j]));
          buf.view[0] = seq.tokens[j];
          batch = api.llama_batch_get_one(buf.ptr, 1);
        }
        return least;
      });
    } finally {
      freeNative(buf.ptr);
    }
  }

  /** Prepares llama.cpp's optimizer; `trainTokens` is the number of tokens per training sample. */
  startTraining(trainTokens: number, adamw: AdamW): void {
    if (this.training) throw new Error('training already started');
    // The CPU backend starts with GGML_DEFAULT_N_THREADS (4) and only llama_decode applies the
    // context's thread count; llama_opt_epoch computes on the backend as it finds it, and 4
    // spinning threads on 2 cores run ~100x slower. One decoded token sets it.
    this.generate([this.api.llama_vocab_bos(this.vocab)], 1);
    this.training = new Training(this, trainTokens, adamw);
  }

  setLearningRate(adamw: AdamW): void {
    this.requireTraining().setParams(adamw);
  }

  /** One optimizer step per sequence, in order; returns the mean loss over them. */
  train(sequences: FactSequence[]): number {
    const training = this.requireTraining();
    let sum = 0;
    for (const seq of sequences) {
      this.collectGradAccumulators = this.gradAccumulators.size === 0;
      sum += training.run([seq], true).loss;
      this.collectGradAccumulators = false;
      this.zeroGradients();
    }
    return sum / sequences.length;
  }

  /**
   * ggml-opt (this llama.cpp) never clears the gradient accumulators of a non-static graph:
   * ggml_opt_alloc resets gb_grad only when opt_period > 1, and by then gb_grad is already
   * NULL. AdamW would see the running sum of every gradient so far, which diverges. Cleared
   * here after every step, so each step uses its own gradient.
   */
  private zeroGradients(): void {
    if (this.gradAccumulators.size === 0) throw new Error('no gradient accumulators found after a training step');
    for (const acc of this.gradAccumulators) this.api.ggml_backend_tensor_memset(acc, 0, 0, this.api.ggml_nbytes(acc));
  }

  /** Teacher-forced pass without updates: per sequence, whether greedy decoding reproduces the answer and EOS. */
  recalled(sequences: FactSequence[]): { loss: number; recalled: boolean[] } {
    return this.requireTraining().run(sequences, false);
  }

  save(path: string): void {
    this.api.llama_model_save_to_file(this.model, path);
  }

  dispose(): void {
    this.training?.dispose();
    this.api.llama_free(this.ctx);
    this.freeModel();
    this.evalCallback?.release();
  }

  /** Adapters before the model: llama_model_free would delete them too, and freeing one erases it from the model. */
  private freeModel(): void {
    for (const adapter of this.adapters.splice(0)) this.api.llama_adapter_lora_free(adapter);
    this.api.llama_model_free(this.model);
  }

  private requireTraining(): Training {
    if (!this.training) throw new Error('startTraining first');
    return this.training;
  }
}

/** llama.cpp's optimizer state plus one reusable single-sample dataset. */
class Training {
  private readonly params = allocFloat32(OPTIMIZER_PARAMS_FLOATS);
  private readonly datasets = new Map<number, { ptr: Ptr; data: Int32Array; labels: Int32Array }>();
  private readonly result: Ptr;

  constructor(
    private readonly session: LlamaModelSession,
    private readonly trainTokens: number,
    adamw: AdamW,
  ) {
    const api = session.api;
    this.setParams(adamw);
    api.llama_opt_init(session.ctx, session.model, {
      n_ctx_train: trainTokens,
      param_filter: api.symbols.paramFilterAll,
      param_filter_ud: null,
      get_opt_pars: api.symbols.constantOptimizerParams,
      get_opt_pars_ud: this.params.ptr,
      optimizer_type: GGML_OPT_OPTIMIZER_TYPE_ADAMW,
    });
    this.result = api.ggml_opt_result_init();
  }

  setParams(a: AdamW): void {
    this.params.view.set([a.alpha, a.beta1, a.beta2, a.eps, a.weightDecay, a.alpha, a.weightDecay]);
  }

  run(sequences: FactSequence[], train: boolean): { loss: number; recalled: boolean[] } {
    const api = this.session.api;
    const nCtx = this.session.nCtx;
    const ds = this.dataset(sequences.length);
    sequences.forEach((seq, i) => {
      const data = ds.data.subarray(i * nCtx, (i + 1) * nCtx);
      const labels = ds.labels.subarray(i * nCtx, (i + 1) * nCtx);
      data.fill(this.session.eos);
      labels.fill(this.session.eos);
      data.set(seq.tokens.slice(0, this.trainTokens));
      labels.set(seq.tokens.slice(1, this.trainTokens + 1));
    });
    api.ggml_opt_result_reset(this.result);
    api.llama_opt_epoch(this.session.ctx, ds.ptr, train ? this.result : null, train ? null : this.result, train ? sequences.length : 0, null, null);
    const loss = new Float64Array(1);
    api.ggml_opt_result_loss(this.result, loss, null);
    if (train) return { loss: loss[0], recalled: [] };

    const pred = new Int32Array(sequences.length * this.trainTokens);
    api.ggml_opt_result_pred(this.result, pred);
    const recalled = sequences.map((seq, i) => {
      const p = pred.subarray(i * this.trainTokens, (i + 1) * this.trainTokens);
      // Position j predicts tokens[j + 1]; the answer and its EOS are predicted from prompt.length - 1 on.
      for (let j = seq.prompt.length - 1; j < seq.tokens.length - 1; j++) if (p[j] !== seq.tokens[j + 1]) return false;
      return true;
    });
    return { loss: loss[0], recalled };
  }

  dispose(): void {
    const api = this.session.api;
    for (const ds of this.datasets.values()) api.ggml_opt_dataset_free(ds.ptr);
    api.ggml_opt_result_free(this.result);
    freeNative(this.params.ptr);
  }

  /** Datapoints are the context's full (padded) size, as llama_opt_epoch copies that many tokens; only the first trainTokens are used. */
  private dataset(ndata: number) {
    let ds = this.datasets.get(ndata);
    if (!ds) {
      const api = this.session.api;
      const nCtx = this.session.nCtx;
      const ptr = api.ggml_opt_dataset_init(GGML_TYPE_I32, GGML_TYPE_I32, nCtx, nCtx, ndata, 1);
      ds = {
        ptr,
        data: viewInt32(api.ggml_get_data(api.ggml_opt_dataset_data(ptr)), nCtx * ndata),
        labels: viewInt32(api.ggml_get_data(api.ggml_opt_dataset_labels(ptr)), nCtx * ndata),
      };
      this.datasets.set(ndata, ds);
    }
    return ds;
  }
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** How far `token`'s logit stands above every other token's. */
function lead(logits: Float32Array, token: number): number {
  let other = -Infinity;
  for (let i = 0; i < logits.length; i++) if (i !== token && logits[i] > other) other = logits[i];
  return logits[token] - other;
}
