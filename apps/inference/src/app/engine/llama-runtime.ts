import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Llama } from 'node-llama-cpp';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';

export type NodeLlamaCpp = typeof import('node-llama-cpp');

/**
 * node-llama-cpp decodes on libuv's thread pool. With the pool's default four threads, a 134M
 * model on 2 llama threads was measured at 77 tok/s for one stream and 45 with an 8-sequence
 * context; with one pool thread, 135 and 96 (2 cores). libuv reads the variable before any
 * of our code runs, so it can only be set outside: the npm scripts, images and manifests do.
 */
const LIBUV_POOL_ADVICE = 'UV_THREADPOOL_SIZE is not 1: decoding may be up to twice as slow (set UV_THREADPOOL_SIZE=1 for this process)';

/** See tools/engine/build-llama-cpp.cjs for the measurements. */
const PREBUILT_CPU_ADVICE = 'running the prebuilt CPU binary: `npm run engine:build` compiles llama.cpp here, measured about 40% more tokens/s when 8 generations share a decode';

/**
 * node-llama-cpp, loaded once. It is ESM with top-level await, so it comes in through a native
 * import(); GPU offload is used when a GPU is found (INFERENCE_GPU=auto), with no code change; a llama.cpp
 * built on this machine (`npm run engine:build`) is preferred to the prebuilt binary.
 */
@Injectable()
export class LlamaRuntime {
  private readonly logger = new Logger(LlamaRuntime.name);
  private llama: Promise<{ module: NodeLlamaCpp; llama: Llama }> | undefined;

  constructor(@Inject(INFERENCE_CONFIG) private readonly config: InferenceConfig) {}

  get(): Promise<{ module: NodeLlamaCpp; llama: Llama }> {
    this.llama ??= (async () => {
      const module = await import('node-llama-cpp');
      const llama = await module.getLlama({ gpu: this.config.gpu, logLevel: module.LlamaLogLevel.warn });
      const binary = llama.buildType === 'localBuild' ? 'built on this machine' : 'prebuilt binary';
      this.logger.log(`node-llama-cpp ready (gpu: ${llama.gpu || 'none'}, ${binary})`);
      if (!llama.gpu && llama.buildType === 'prebuilt') this.logger.log(PREBUILT_CPU_ADVICE);
      if (process.env['UV_THREADPOOL_SIZE'] !== '1') this.logger.warn(LIBUV_POOL_ADVICE);
      return { module, llama };
    })();
    return this.llama;
  }
}
