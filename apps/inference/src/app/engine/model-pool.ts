import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InternalError } from '@lamini/contracts';
import { Metrics, modelLabel } from '@lamini/metrics';
import { INFERENCE_CONFIG, type InferenceConfig, defaultThreads } from '../inference.config';
import { LlamaRuntime } from './llama-runtime';
import { LoadedModel } from './loaded-model';

/**
 * Models kept loaded, least recently used first out once their files' size passes the memory
 * budget. A model is never evicted while a generation uses it; concurrent first requests for
 * one model share one load.
 */
@Injectable()
export class ModelPool implements OnApplicationShutdown {
  private readonly logger = new Logger(ModelPool.name);
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** The models whose load finished, oldest use first; the only ones eviction looks at. */
  private readonly loaded = new Map<string, LoadedModel>();

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
    const loading = this.loadModel(path).then(async (model) => {
      this.loaded.set(path, model);
      // Only a new model can push the total past the budget, so this is the one place to evict.
      await this.evictBeyondBudget(path);
      return model;
    });
    loading.catch(() => this.models.delete(path));
    return loading;
  }

  private async loadModel(path: string): Promise<LoadedModel> {
    const { llama } = await this.runtime.get();
    const startedAt = performance.now();
    const sizeBytes = statSync(path).size;
    const threads = this.config.threads ?? defaultThreads(sizeBytes);
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
    this.logger.log(`loaded ${path} (${this.config.sequences} sequences of ${context.contextSize} tokens, ${threads} threads)`);
    const labels = { service: 'inference', model: modelLabel(path) };
    this.metrics.modelLoads.inc(labels);
    this.metrics.modelLoadDuration.observe(labels, (performance.now() - startedAt) / 1000);
    return new LoadedModel(path, model, context, sizeBytes, this.config.maxQueue, this.metrics);
  }

  private async evictBeyondBudget(newPath: string) {
    let total = [...this.loaded.values()].reduce((sum, model) => sum + model.sizeBytes, 0);
    for (const [path, model] of [...this.loaded]) {
      if (total <= this.config.memoryBudgetBytes) break;
      if (path === newPath || model.inUse) continue;
      this.models.delete(path);
      this.loaded.delete(path);
      total -= model.sizeBytes;
      await model.dispose();
      this.metrics.modelEvictions.inc({ service: 'inference', model: modelLabel(path) });
      this.logger.log(`evicted ${path}`);
    }
  }
}
