import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINDING_NODE_LLAMA_CPP_VERSION, findRepoRoot, ggmlOpByName, loadLlama, prebuiltCudaDir, prebuiltCudaFallbackDir } from './llama-ffi';

// The koffi structs in llama-ffi.ts mirror llama.h of the llama.cpp that node-llama-cpp ships.
// When node-llama-cpp moves, re-check every struct against its llama.h before changing the version.
describe('llama.cpp ABI the training binding was written for', () => {
  it('is node-llama-cpp 3.22.1', () => {
    const pkg = JSON.parse(readFileSync(join(findRepoRoot(), 'node_modules/node-llama-cpp/package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(BINDING_NODE_LLAMA_CPP_VERSION);
  });

  it('finds the prebuilt CUDA backend and its CUDA 12 fallback where this node-llama-cpp installs them', () => {
    expect(existsSync(join(prebuiltCudaDir(), 'libggml-cuda.so'))).toBe(true);
    expect(existsSync(join(prebuiltCudaFallbackDir(), 'libggml-cuda.so'))).toBe(true);
  });

  it('reads llama_context_default_params() field by field as llama.cpp sets them', () => {
    expect(loadLlama(false).llama_context_default_params()).toEqual({
      n_ctx: 512,
      n_batch: 2048,
      n_ubatch: 512,
      n_seq_max: 1,
      n_rs_seq: 0,
      n_outputs_max: 0,
      n_outputs_max_per_seq: 1,
      n_threads: 4,
      n_threads_batch: 4,
      ctx_type: 0,
      rope_scaling_type: -1,
      pooling_type: -1,
      attention_type: -1,
      flash_attn_type: -1,
      rope_freq_base: 0,
      rope_freq_scale: 0,
      yarn_ext_factor: -1,
      yarn_attn_factor: -1,
      yarn_beta_fast: -1,
      yarn_beta_slow: -1,
      yarn_orig_ctx: 0,
      defrag_thold: -1,
      cb_eval: null,
      cb_eval_user_data: null,
      type_k: 1,
      type_v: 1,
      abort_callback: null,
      abort_callback_data: null,
      embeddings: false,
      offload_kqv: true,
      no_perf: true,
      op_offload: true,
      swa_full: true,
      kv_unified: false,
      samplers: null,
      n_samplers: 0,
      ctx_other: null,
    });
  });

  it('reads llama_model_default_params() field by field as llama.cpp sets them', () => {
    expect(loadLlama(false).llama_model_default_params()).toEqual({
      devices: null,
      tensor_buft_overrides: null,
      n_gpu_layers: -1,
      split_mode: 1,
      load_mode: -1,
      lazy_mode: 1,
      main_gpu: 0,
      tensor_split: null,
      progress_callback: null,
      progress_callback_user_data: null,
      kv_overrides: null,
      vocab_only: false,
      check_tensors: false,
      use_extra_bufts: true,
      no_host: false,
      no_alloc: false,
      load_mtp: false,
    });
  });

  it('reads llama_model_quantize_default_params() field by field as llama.cpp sets them (the F32 conversion passes it back)', () => {
    expect(loadLlama(false).llama_model_quantize_default_params()).toEqual({
      nthread: 0,
      ftype: 7, // LLAMA_FTYPE_MOSTLY_Q8_0
      output_tensor_type: 43, // GGML_TYPE_COUNT
      token_embedding_type: 43,
      allow_requantize: false,
      quantize_output_tensor: true,
      only_copy: false,
      pure: false,
      keep_split: false,
      dry_run: false,
      imatrix: null,
      kv_overrides: null,
      tt_overrides: null,
      prune_layers: null,
      max_buf_size: 8 * 1024 ** 3,
    });
  });

  it('finds the exported functions handed to llama.cpp as callbacks, and the AdamW op', () => {
    const api = loadLlama(false);
    expect(api.symbols.constantOptimizerParams).toBeGreaterThan(0n);
    expect(api.symbols.paramFilterAll).toBeGreaterThan(0n);
    expect(ggmlOpByName(api, 'OPT_STEP_ADAMW')).toBeGreaterThan(0);
  });
});
