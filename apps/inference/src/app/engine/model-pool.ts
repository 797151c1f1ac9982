import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InternalError, OverloadedError } from '@lamini/contracts';
import { Metrics, modelLabel } from '@lamini/metrics';
import { INFERENCE_CONFIG, type InferenceConfig, defaultThreads } from '../inference.config';
import { LlamaRuntime } from './llama-runtime';
import { LoadedModel } from './loaded-model';
import { type ModelMemory, modelMemory } from './model-memory';

const MB = 1024 * 1024;

/**
 * Models kept loaded, least recently used first out once their memory (weights and KV cache,
 * estimated from the GGUF header before loading) passes the budget. Room is made before a load,
 * so the process never holds more than the budget; a model that alone exceeds it is refused, and
 * one that would fit but for models serving requests is refused for now (429). A model is never
 * evicted while a generation uses it; concurrent first requests for one model share one load.
 */
@Injectable()
export class ModelPool implements OnApplicationShutdown {
  private readonly logger = new Logger(ModelPool.name);
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** The models whose load finished, oldest use first; the only ones eviction looks at. */
  private readonly loaded = new Map<string, LoadedModel>();
  /** The memory of models being loaded, counted before they join `loaded`. */
  private loadingBytes = 0;

  constructor(
    @Inject(INFERENCE_CONFIG) private readonly config: InferenceConfig,
    private readonly runtime: LlamaRuntime,
    private readonly metrics: Metrics,
  ) {}

  /** Runs `work` with the model loaded and held, so no eviction can take it away meanwhile. */
  async use<T>(path: string, work: (model: LoadedModel) => Promise<T>): Promise<T> {
    const loading = this.models.get(path) ?? this.load(path);
    this.models.set(path, loading);
    const model = await loading;
    // Evicted by another model's load while this request waited for its turn: load it again.
    if (this.models.get(path) !== loading) return this.use(path, work);
    // Map order is the LRU order: a use moves the model to the end.
    this.loaded.delete(path);
    this.loaded.set(path, model);
    return model.use(() => work(model));
  }

  async onApplicationShutdown() {
    const models = await Promise.allSettled(this.models.values());
    this.models.clear();
    this.loaded.clear();
    for (const result of models) if (result.status === 'fulfilled') await result.value.dispose();
  }

  private load(path: string): Promise<LoadedModel> {
    const loading = this.memoryOf(path).then(async (memory) => {
      // Only a new model can push the total past the budget, so its load is the one place to evict.
      await this.evictBeyondBudget(memory.totalBytes);
      if (this.totalBytes() + memory.totalBytes > this.config.memoryBudgetBytes) {
        throw new OverloadedError(`${basename(path)} needs ${describe(memory)}, more than the models serving requests leave of the inference memory budget; try again shortly`);
      }
      this.loadingBytes += memory.totalBytes;
      try {
        const model = await this.loadModel(path, memory);
        this.loaded.set(path, model);
        return model;
      } finally {
        this.loadingBytes -= memory.totalBytes;
      }
    });
    loading.catch(() => this.models.delete(path));
    return loading;
  }

  /** What the model will hold, from its file's size and header; refused when it could never fit. */
  private async memoryOf(path: string): Promise<ModelMemory> {
    const { module } = await this.runtime.get();
    const info = await module.readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false }).catch((error: unknown) => {
      throw InternalError.during(`${basename(path)} could not be loaded by llama.cpp`, error);
    });
    const memory = modelMemory(statSync(path).size, info.architectureMetadata, this.config.sequences, this.config.contextSize);
    if (memory.totalBytes > this.config.memoryBudgetBytes) {
      throw new InternalError(
        `${basename(path)} needs ${describe(memory)} with ${this.config.sequences} sequences (INFERENCE_SEQUENCES) of up to ` +
          `${this.config.contextSize} tokens (INFERENCE_CONTEXT_SIZE), more than the inference memory budget of ` +
          `${Math.floor(this.config.memoryBudgetBytes / MB)} MiB: lower those, or give the service more memory`,
      );
    }
    return memory;
  }

  private totalBytes(): number {
    return [...this.loaded.values()].reduce((sum, model) => sum + model.sizeBytes, this.loadingBytes);
  }

  private async loadModel(path: string, memory: ModelMemory): Promise<LoadedModel> {
    const { llama } = await this.runtime.get();
    const startedAt = performance.now();
    const threads = this.config.threads ?? defaultThreads(memory.weightsBytes);
    const model = await llama.loadModel({ modelPath: path }).catch((error: unknown) => {
      throw InternalError.during(`${basename(path)} could not be loaded by llama.cpp`, error);
    });
    const context = await model
      .createContext({
        sequences: this.config.sequences,
        contextSize: Math.min(this.config.contextSize, model.trainContextSize),
        threads,
      })
      .catch(async (error: unknown) => {
        await model.dispose();
        throw InternalError.during(`No context for ${basename(path)} could be created`, error);
      });
    this.logger.log(`loaded ${path} (${this.config.sequences} sequences of ${context.contextSize} tokens, ${threads} threads, ${describe(memory)})`);
    const labels = { service: 'inference', model: modelLabel(path) };
    this.metrics.modelLoads.inc(labels);
    this.metrics.modelLoadDuration.observe(labels, (performance.now() - startedAt) / 1000);
    return new LoadedModel(path, model, context, memory.totalBytes, this.config.maxQueue, this.metrics);
  }

  /** Evicts idle models, least recently used first, until `incoming` more bytes fit in the budget. */
  private async evictBeyondBudget(incoming: number) {
    let total = this.totalBytes() + incoming;
    for (const [path, model] of [...this.loaded]) {
      if (total <= this.config.memoryBudgetBytes) break;
      if (model.inUse) continue;
      this.models.delete(path);
      this.loaded.delete(path);
      total -= model.sizeBytes;
      await model.dispose();
      this.metrics.modelEvictions.inc({ service: 'inference', model: modelLabel(path) });
      this.logger.log(`evicted ${path}`);
    }
  }
}

function describe(memory: ModelMemory): string {
  const mib = (bytes: number) => (bytes < 10 * MB ? (bytes / MB).toFixed(1) : String(Math.round(bytes / MB)));
  const kvFrom = memory.kvCacheFrom === 'metadata' ? 'KV cache' : 'KV cache allowance';
  return `${mib(memory.totalBytes)} MiB (weights ${mib(memory.weightsBytes)}, ${kvFrom} ${mib(memory.kvCacheBytes)})`;
}
