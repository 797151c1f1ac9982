// koffi declarations of the part of llama.cpp's C API that training needs, bound to the same
// libllama that node-llama-cpp loads. Written against node-llama-cpp 3.22.1 (llama-abi.spec.ts
// fails when that or the struct layouts change). koffi 3 hands pointers over as bigints. Types
// are anonymous: koffi's type names are per process, and Jest evaluates this module more than once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import koffi from 'koffi';

export const BINDING_NODE_LLAMA_CPP_VERSION = '3.22.1';

export type Ptr = bigint;
export type GpuChoice = 'auto' | 'cuda' | false;

export const LLAMA_LOAD_MODE_NONE = 0;
export const LLAMA_FLASH_ATTN_TYPE_DISABLED = 0;
export const GGML_TYPE_F32 = 0;
export const GGML_TYPE_F16 = 1;
export const GGML_TYPE_I32 = 26;
export const GGML_OPT_OPTIMIZER_TYPE_ADAMW = 0;

export const LlamaModelParams = koffi.struct({
  devices: 'void *',
  tensor_buft_overrides: 'void *',
  n_gpu_layers: 'int32_t',
  split_mode: 'int32_t',
  load_mode: 'int32_t',
  lazy_mode: 'int32_t',
  main_gpu: 'int32_t',
  tensor_split: 'void *',
  progress_callback: 'void *',
  progress_callback_user_data: 'void *',
  kv_overrides: 'void *',
  vocab_only: 'bool',
  check_tensors: 'bool',
  use_extra_bufts: 'bool',
  no_host: 'bool',
  no_alloc: 'bool',
  load_mtp: 'bool',
});

export const LlamaContextParams = koffi.struct({
  n_ctx: 'uint32_t',
  n_batch: 'uint32_t',
  n_ubatch: 'uint32_t',
  n_seq_max: 'uint32_t',
  n_rs_seq: 'uint32_t',
  n_outputs_max: 'uint32_t',
  n_outputs_max_per_seq: 'uint32_t',
  n_threads: 'int32_t',
  n_threads_batch: 'int32_t',
  ctx_type: 'int32_t',
  rope_scaling_type: 'int32_t',
  pooling_type: 'int32_t',
  attention_type: 'int32_t',
  flash_attn_type: 'int32_t',
  rope_freq_base: 'float',
  rope_freq_scale: 'float',
  yarn_ext_factor: 'float',
  yarn_attn_factor: 'float',
  yarn_beta_fast: 'float',
  yarn_beta_slow: 'float',
  yarn_orig_ctx: 'uint32_t',
  defrag_thold: 'float',
  cb_eval: 'void *',
  cb_eval_user_data: 'void *',
  type_k: 'int32_t',
  type_v: 'int32_t',
  abort_callback: 'void *',
  abort_callback_data: 'void *',
  embeddings: 'bool',
  offload_kqv: 'bool',
  no_perf: 'bool',
  op_offload: 'bool',
  swa_full: 'bool',
  kv_unified: 'bool',
  samplers: 'void *',
  n_samplers: 'size_t',
  ctx_other: 'void *',
});

export const LlamaOptParams = koffi.struct({
  n_ctx_train: 'uint32_t',
  param_filter: 'void *',
  param_filter_ud: 'void *',
  get_opt_pars: 'void *',
  get_opt_pars_ud: 'void *',
  optimizer_type: 'int32_t',
});

export const LlamaBatch = koffi.struct({
  n_tokens: 'int32_t',
  token: 'void *',
  embd: 'void *',
  pos: 'void *',
  n_seq_id: 'void *',
  seq_id: 'void *',
  logits: 'void *',
});

export const LLAMA_FTYPE_ALL_F32 = 0;

export const LlamaModelQuantizeParams = koffi.struct({
  nthread: 'int32_t',
  ftype: 'int32_t',
  output_tensor_type: 'int32_t',
  token_embedding_type: 'int32_t',
  allow_requantize: 'bool',
  quantize_output_tensor: 'bool',
  only_copy: 'bool',
  pure: 'bool',
  keep_split: 'bool',
  dry_run: 'bool',
  imatrix: 'void *',
  kv_overrides: 'void *',
  tt_overrides: 'void *',
  prune_layers: 'void *',
  max_buf_size: 'size_t',
});

export interface QuantizeParams {
  nthread: number;
  ftype: number;
  output_tensor_type: number;
  token_embedding_type: number;
  allow_requantize: boolean;
  quantize_output_tensor: boolean;
  only_copy: boolean;
  pure: boolean;
  keep_split: boolean;
  dry_run: boolean;
  imatrix: Ptr | null;
  kv_overrides: Ptr | null;
  tt_overrides: Ptr | null;
  prune_layers: Ptr | null;
  max_buf_size: number;
}

/** The leading fields of struct ggml_tensor (ggml.h), up to view_src. */
export const GgmlTensorHead = koffi.struct({
  type: 'int32_t',
  buffer: 'void *',
  ne: koffi.array('int64_t', 4),
  nb: koffi.array('size_t', 4),
  op: 'int32_t',
  op_params: koffi.array('int32_t', 16),
  flags: 'int32_t',
  src: koffi.array('void *', 10),
  view_src: 'void *',
});

export interface TensorHead {
  type: number;
  op: number;
  src: (Ptr | null)[];
  view_src: Ptr | null;
}

/** ggml_backend_sched_eval_callback: bool (*)(struct ggml_tensor * t, bool ask, void * user_data) */
export const SchedEvalCallback = koffi.proto('bool', ['void *', 'bool', 'void *']);

/** struct ggml_opt_optimizer_params: adamw {alpha, beta1, beta2, eps, wd}, sgd {alpha, wd}. */
export const OPTIMIZER_PARAMS_FLOATS = 7;

export interface ModelParams {
  devices: Ptr | null;
  tensor_buft_overrides: Ptr | null;
  n_gpu_layers: number;
  split_mode: number;
  load_mode: number;
  lazy_mode: number;
  main_gpu: number;
  tensor_split: Ptr | null;
  progress_callback: Ptr | null;
  progress_callback_user_data: Ptr | null;
  kv_overrides: Ptr | null;
  vocab_only: boolean;
  check_tensors: boolean;
  use_extra_bufts: boolean;
  no_host: boolean;
  no_alloc: boolean;
  load_mtp: boolean;
}

export interface ContextParams {
  n_ctx: number;
  n_batch: number;
  n_ubatch: number;
  n_seq_max: number;
  n_rs_seq: number;
  n_outputs_max: number;
  n_outputs_max_per_seq: number;
  n_threads: number;
  n_threads_batch: number;
  ctx_type: number;
  rope_scaling_type: number;
  pooling_type: number;
  attention_type: number;
  flash_attn_type: number;
  rope_freq_base: number;
  rope_freq_scale: number;
  yarn_ext_factor: number;
  yarn_attn_factor: number;
  yarn_beta_fast: number;
  yarn_beta_slow: number;
  yarn_orig_ctx: number;
  defrag_thold: number;
  cb_eval: Ptr | null;
  cb_eval_user_data: Ptr | null;
  type_k: number;
  type_v: number;
  abort_callback: Ptr | null;
  abort_callback_data: Ptr | null;
  embeddings: boolean;
  offload_kqv: boolean;
  no_perf: boolean;
  op_offload: boolean;
  swa_full: boolean;
  kv_unified: boolean;
  samplers: Ptr | null;
  n_samplers: number;
  ctx_other: Ptr | null;
}

export interface OptParams {
  n_ctx_train: number;
  param_filter: Ptr;
  param_filter_ud: Ptr | null;
  get_opt_pars: Ptr;
  get_opt_pars_ud: Ptr;
  optimizer_type: number;
}

export interface Batch {
  n_tokens: number;
  token: Ptr | null;
  embd: Ptr | null;
  pos: Ptr | null;
  n_seq_id: Ptr | null;
  seq_id: Ptr | null;
  logits: Ptr | null;
}

/** Typed view of the C functions; each returns what its C signature says (pointers as bigint, null for NULL). */
export interface LlamaApi {
  libDir: string;
  llama_backend_init(): void;
  llama_log_set(callback: Ptr | null, userData: Ptr | null): void;
  llama_model_default_params(): ModelParams;
  llama_context_default_params(): ContextParams;
  llama_model_load_from_file(path: string, params: ModelParams): Ptr | null;
  llama_model_save_to_file(model: Ptr, path: string): void;
  llama_model_quantize_default_params(): QuantizeParams;
  llama_model_quantize(input: string, output: string, params: QuantizeParams): number;
  llama_model_free(model: Ptr): void;
  llama_init_from_model(model: Ptr, params: ContextParams): Ptr | null;
  llama_free(ctx: Ptr): void;
  llama_n_ctx(ctx: Ptr): number;
  llama_model_get_vocab(model: Ptr): Ptr;
  llama_model_n_params(model: Ptr): bigint | number;
  llama_vocab_n_tokens(vocab: Ptr): number;
  llama_vocab_bos(vocab: Ptr): number;
  llama_vocab_eos(vocab: Ptr): number;
  llama_vocab_is_eog(vocab: Ptr, token: number): boolean;
  llama_vocab_is_control(vocab: Ptr, token: number): boolean;
  llama_vocab_get_add_bos(vocab: Ptr): boolean;
  llama_tokenize(vocab: Ptr, text: Buffer, textLen: number, tokens: Int32Array, nMax: number, addSpecial: boolean, parseSpecial: boolean): number;
  llama_token_to_piece(vocab: Ptr, token: number, buf: Buffer, length: number, lstrip: number, special: boolean): number;
  llama_get_memory(ctx: Ptr): Ptr;
  llama_memory_clear(mem: Ptr, data: boolean): void;
  llama_batch_get_one(tokens: Ptr, nTokens: number): Batch;
  llama_decode(ctx: Ptr, batch: Batch): number;
  llama_get_logits_ith(ctx: Ptr, i: number): Ptr | null;
  llama_adapter_lora_init(model: Ptr, path: string): Ptr | null;
  llama_adapter_lora_free(adapter: Ptr): void;
  llama_opt_init(ctx: Ptr, model: Ptr, params: OptParams): void;
  llama_opt_epoch(ctx: Ptr, dataset: Ptr, resultTrain: Ptr | null, resultEval: Ptr | null, idataSplit: number, cbTrain: Ptr | null, cbEval: Ptr | null): void;
  ggml_backend_load_all_from_path(dir: string): void;
  ggml_backend_reg_by_name(name: string): Ptr | null;
  ggml_opt_dataset_init(typeData: number, typeLabel: number, neDatapoint: number, neLabel: number, ndata: number, ndataShard: number): Ptr;
  ggml_opt_dataset_free(dataset: Ptr): void;
  ggml_opt_dataset_data(dataset: Ptr): Ptr;
  ggml_opt_dataset_labels(dataset: Ptr): Ptr;
  ggml_get_data(tensor: Ptr): Ptr;
  ggml_nbytes(tensor: Ptr): number;
  ggml_op_name(op: number): string | null;
  ggml_backend_tensor_memset(tensor: Ptr, value: number, offset: number, size: number): void;
  ggml_opt_result_init(): Ptr;
  ggml_opt_result_free(result: Ptr): void;
  ggml_opt_result_reset(result: Ptr): void;
  ggml_opt_result_ndata(result: Ptr, ndata: BigInt64Array): void;
  ggml_opt_result_loss(result: Ptr, loss: Float64Array, unc: Float64Array | null): void;
  ggml_opt_result_pred(result: Ptr, pred: Int32Array): void;
  /** Addresses of exported C functions, handed to llama.cpp as callbacks (no JS on compute threads). */
  symbols: { constantOptimizerParams: Ptr; paramFilterAll: Ptr };
}

/** Folder holding libllama, chosen as node-llama-cpp would: a local build first, else the prebuilt (CUDA if asked and present). */
export function findLlamaLibDir(gpu: GpuChoice, root = findRepoRoot()): string {
  const llamaDir = join(root, 'node_modules/node-llama-cpp/llama');
  const lastBuild = join(llamaDir, 'lastBuild.json');
  if (existsSync(lastBuild)) {
    const { folderName } = JSON.parse(readFileSync(lastBuild, 'utf8')) as { folderName?: string };
    const dir = folderName ? join(llamaDir, 'localBuilds', folderName, 'Release') : '';
    if (dir && existsSync(join(llamaDir, 'localBuilds', folderName as string, 'buildDone.status')) && libllamaIn(dir)) return dir;
  }
  const prebuilt = join(root, 'node_modules/@node-llama-cpp');
  if (gpu !== false) {
    const cuda = prebuiltCudaDir(root);
    if (libllamaIn(cuda) && hasCudaDriver()) return cuda;
    if (gpu === 'cuda') throw new Error(`CUDA training asked, but no usable CUDA build or driver (${cuda})`);
  }
  const cpu = join(prebuilt, 'linux-x64/bins/linux-x64');
  if (!libllamaIn(cpu)) throw new Error(`no libllama found in ${cpu}`);
  return cpu;
}

export function prebuiltCudaDir(root = findRepoRoot()): string {
  return join(root, 'node_modules/@node-llama-cpp/linux-x64-cuda/bins/linux-x64-cuda');
}

/**
 * The prebuilt CUDA package's libggml-cuda links CUDA 13; its `-ext` package carries one linking
 * CUDA 12 (what the CUDA images' base has), which node-llama-cpp loads when the first does not
 * load. The trainer does the same.
 */
export function prebuiltCudaFallbackDir(root = findRepoRoot()): string {
  return join(root, 'node_modules/@node-llama-cpp/linux-x64-cuda-ext/bins/linux-x64-cuda/fallback');
}

export function findRepoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules/node-llama-cpp/package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no node_modules/node-llama-cpp above ${from}`);
  }
}

function libllamaIn(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => /^libllama(\..+)?\.so$/.test(f) && f !== 'libllama-common.so');
  return name ? join(dir, name) : undefined;
}

function libIn(dir: string, pattern: RegExp): string {
  const name = readdirSync(dir).find((f) => pattern.test(f));
  if (!name) throw new Error(`no ${pattern} in ${dir}`);
  return join(dir, name);
}

function hasCudaDriver(): boolean {
  try {
    koffi.load('libcuda.so.1');
    return true;
  } catch {
    return false;
  }
}

let loaded: LlamaApi | undefined;

/** Loads the libraries once per thread and initialises the backends. */
export function loadLlama(gpu: GpuChoice = false): LlamaApi {
  if (loaded) return loaded;
  const libDir = findLlamaLibDir(gpu);
  const base = koffi.load(libIn(libDir, /^libggml-base\.so$/));
  const ggml = koffi.load(libIn(libDir, /^libggml(\..+)?\.so$/));
  const llama = koffi.load(libllamaIn(libDir) as string);
  const p = 'void *';
  const api: LlamaApi = {
    libDir,
    llama_backend_init: llama.func('llama_backend_init', 'void', []),
    llama_log_set: llama.func('llama_log_set', 'void', [p, p]),
    llama_model_default_params: llama.func('llama_model_default_params', LlamaModelParams, []),
    llama_context_default_params: llama.func('llama_context_default_params', LlamaContextParams, []),
    llama_model_load_from_file: llama.func('llama_model_load_from_file', p, ['const char *', LlamaModelParams]),
    llama_model_save_to_file: llama.func('llama_model_save_to_file', 'void', [p, 'const char *']),
    llama_model_quantize_default_params: llama.func('llama_model_quantize_default_params', LlamaModelQuantizeParams, []),
    llama_model_quantize: llama.func('llama_model_quantize', 'uint32_t', ['const char *', 'const char *', koffi.pointer(LlamaModelQuantizeParams)]),
    llama_model_free: llama.func('llama_model_free', 'void', [p]),
    llama_init_from_model: llama.func('llama_init_from_model', p, [p, LlamaContextParams]),
    llama_free: llama.func('llama_free', 'void', [p]),
    llama_n_ctx: llama.func('llama_n_ctx', 'uint32_t', [p]),
    llama_model_get_vocab: llama.func('llama_model_get_vocab', p, [p]),
    llama_model_n_params: llama.func('llama_model_n_params', 'uint64_t', [p]),
    llama_vocab_n_tokens: llama.func('llama_vocab_n_tokens', 'int32_t', [p]),
    llama_vocab_bos: llama.func('llama_vocab_bos', 'int32_t', [p]),
    llama_vocab_eos: llama.func('llama_vocab_eos', 'int32_t', [p]),
    llama_vocab_is_eog: llama.func('llama_vocab_is_eog', 'bool', [p, 'int32_t']),
    llama_vocab_is_control: llama.func('llama_vocab_is_control', 'bool', [p, 'int32_t']),
    llama_vocab_get_add_bos: llama.func('llama_vocab_get_add_bos', 'bool', [p]),
    llama_tokenize: llama.func('llama_tokenize', 'int32_t', [p, 'uint8_t *', 'int32_t', koffi.out('int32_t *'), 'int32_t', 'bool', 'bool']),
    llama_token_to_piece: llama.func('llama_token_to_piece', 'int32_t', [p, 'int32_t', koffi.out('uint8_t *'), 'int32_t', 'int32_t', 'bool']),
    llama_get_memory: llama.func('llama_get_memory', p, [p]),
    llama_memory_clear: llama.func('llama_memory_clear', 'void', [p, 'bool']),
    llama_batch_get_one: llama.func('llama_batch_get_one', LlamaBatch, [p, 'int32_t']),
    llama_decode: llama.func('llama_decode', 'int32_t', [p, LlamaBatch]),
    llama_get_logits_ith: llama.func('llama_get_logits_ith', p, [p, 'int32_t']),
    llama_adapter_lora_init: llama.func('llama_adapter_lora_init', p, [p, 'const char *']),
    llama_adapter_lora_free: llama.func('llama_adapter_lora_free', 'void', [p]),
    llama_opt_init: llama.func('llama_opt_init', 'void', [p, p, LlamaOptParams]),
    llama_opt_epoch: llama.func('llama_opt_epoch', 'void', [p, p, p, p, 'int64_t', p, p]),
    ggml_backend_load_all_from_path: ggml.func('ggml_backend_load_all_from_path', 'void', ['const char *']),
    ggml_backend_reg_by_name: ggml.func('ggml_backend_reg_by_name', p, ['const char *']),
    ggml_opt_dataset_init: base.func('ggml_opt_dataset_init', p, ['int32_t', 'int32_t', 'int64_t', 'int64_t', 'int64_t', 'int64_t']),
    ggml_opt_dataset_free: base.func('ggml_opt_dataset_free', 'void', [p]),
    ggml_opt_dataset_data: base.func('ggml_opt_dataset_data', p, [p]),
    ggml_opt_dataset_labels: base.func('ggml_opt_dataset_labels', p, [p]),
    ggml_get_data: base.func('ggml_get_data', p, [p]),
    ggml_nbytes: base.func('ggml_nbytes', 'size_t', [p]),
    ggml_op_name: base.func('ggml_op_name', 'const char *', ['int32_t']),
    ggml_backend_tensor_memset: base.func('ggml_backend_tensor_memset', 'void', [p, 'uint8_t', 'size_t', 'size_t']),
    ggml_opt_result_init: base.func('ggml_opt_result_init', p, []),
    ggml_opt_result_free: base.func('ggml_opt_result_free', 'void', [p]),
    ggml_opt_result_reset: base.func('ggml_opt_result_reset', 'void', [p]),
    ggml_opt_result_ndata: base.func('ggml_opt_result_ndata', 'void', [p, koffi.out('int64_t *')]),
    ggml_opt_result_loss: base.func('ggml_opt_result_loss', 'void', [p, koffi.out('double *'), koffi.out('double *')]),
    ggml_opt_result_pred: base.func('ggml_opt_result_pred', 'void', [p, koffi.out('int32_t *')]),
    symbols: {
      constantOptimizerParams: base.symbol('ggml_opt_get_constant_optimizer_params') as Ptr,
      paramFilterAll: llama.symbol('llama_opt_param_filter_all') as Ptr,
    },
  };
  // Silence llama.cpp's logging without a JS callback (it may log from native threads): any
  // exported function that ignores its arguments and returns will do; this one returns true.
  api.llama_log_set(api.symbols.paramFilterAll, null);
  api.ggml_backend_load_all_from_path(libDir);
  if (gpu !== false && libDir === prebuiltCudaDir() && !api.ggml_backend_reg_by_name('CUDA')) {
    api.ggml_backend_load_all_from_path(prebuiltCudaFallbackDir());
    if (gpu === 'cuda' && !api.ggml_backend_reg_by_name('CUDA')) {
      throw new Error(`CUDA training asked, but neither ${libDir} (CUDA 13) nor ${prebuiltCudaFallbackDir()} (CUDA 12) loads a CUDA backend here`);
    }
  }
  api.llama_backend_init();
  loaded = api;
  return api;
}

/** Native memory that stays put (llama_batch_get_one keeps the pointer), with a typed view over it. */
export function allocInt32(count: number): { ptr: Ptr; view: Int32Array } {
  const ptr = koffi.alloc('int32_t', count) as Ptr;
  return { ptr, view: new Int32Array(koffi.view(ptr, count * 4)) };
}

export function allocFloat32(count: number): { ptr: Ptr; view: Float32Array } {
  const ptr = koffi.alloc('float', count) as Ptr;
  return { ptr, view: new Float32Array(koffi.view(ptr, count * 4)) };
}

export function freeNative(ptr: Ptr): void {
  koffi.free(ptr);
}

export function readTensorHead(tensor: Ptr): TensorHead {
  return koffi.decode(tensor, GgmlTensorHead) as TensorHead;
}

/** A native function pointer that calls `fn` (only ever from the thread that registered it). */
export function registerSchedEvalCallback(fn: (tensor: Ptr, ask: boolean) => boolean): { ptr: Ptr; release(): void } {
  const ptr = koffi.register((t: Ptr, ask: boolean) => fn(t, ask), koffi.pointer(SchedEvalCallback)) as Ptr;
  return { ptr, release: () => koffi.unregister(ptr) };
}

/** ggml's enum value of an op, found by its name so that the binding does not hard-code the enum. */
export function ggmlOpByName(api: LlamaApi, name: string): number {
  for (let op = 0; op < 512; op++) {
    const opName = api.ggml_op_name(op);
    if (opName === name) return op;
    if (opName === null) break;
  }
  throw new Error(`ggml has no op ${name}`);
}

export function viewInt32(ptr: Ptr, count: number): Int32Array {
  return new Int32Array(koffi.view(ptr, count * 4));
}

export function viewFloat32(ptr: Ptr, count: number): Float32Array {
  return new Float32Array(koffi.view(ptr, count * 4));
}
