import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Llama } from 'node-llama-cpp';
import { INFERENCE_CONFIG, type InferenceConfig } from '../inference.config';

export type NodeLlamaCpp = typeof import('node-llama-cpp');

/**
 * node-llama-cpp, loaded once. It is ESM with top-level await, so it comes in through a native
 * import(); GPU offload is used when a GPU is found (INFERENCE_GPU=auto), with no code change.
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
      this.logger.log(`node-llama-cpp ready (gpu: ${llama.gpu || 'none'})`);
      return { module, llama };
    })();
    return this.llama;
  }
}
