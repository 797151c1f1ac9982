import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Metrics, modelLabel } from '@lamini/metrics';
import { EMBEDDING_CONFIG, type EmbeddingConfig } from '../embedding.config';
import type { EmbeddingEngine } from './embedding-engine';
import { GgufEngine } from './gguf-engine';
import { OnnxEngine } from './onnx-engine';

/** Where a model's files are, and which engine reads them. */
export type ModelLocation = { kind: 'onnx'; dir: string } | { kind: 'gguf'; path: string };

/**
 * One engine per model, created on first use (concurrent first uses share the load) and kept:
 * nothing is evicted here, so `lamini_model_evictions_total` stays at zero for this service.
 */
@Injectable()
export class EmbeddingEngines implements OnApplicationShutdown {
  private readonly engines = new Map<string, Promise<EmbeddingEngine>>();

  constructor(
    @Inject(EMBEDDING_CONFIG) private readonly config: EmbeddingConfig,
    private readonly metrics: Metrics,
  ) {}

  for(location: ModelLocation): Promise<EmbeddingEngine> {
    const key = location.kind === 'onnx' ? location.dir : location.path;
    let engine = this.engines.get(key);
    if (!engine) {
      engine = this.load(location);
      engine.catch(() => this.engines.delete(key));
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** Every loaded ONNX engine's runs, for the batching metric. */
  async onnxRuns(): Promise<number> {
    const engines = await Promise.allSettled(this.engines.values());
    return engines.reduce((sum, e) => sum + (e.status === 'fulfilled' && e.value instanceof OnnxEngine ? e.value.runs : 0), 0);
  }

  async onApplicationShutdown() {
    const engines = await Promise.allSettled(this.engines.values());
    this.engines.clear();
    for (const engine of engines) if (engine.status === 'fulfilled') await engine.value.release();
  }

  private async load(location: ModelLocation): Promise<EmbeddingEngine> {
    const model = modelLabel(location.kind === 'onnx' ? location.dir : location.path);
    const batchSizes = this.metrics.embeddingBatchSize.labels({ model });
    const onRun = (sentences: number) => batchSizes.observe(sentences);
    const startedAt = performance.now();
    const engine =
      location.kind === 'gguf'
        ? await GgufEngine.load(location.path, this.config.threads, this.config.gpu, onRun)
        : await OnnxEngine.load(location.dir, this.config.threads, { windowMs: this.config.batchWindowMs, maxBatch: this.config.maxBatch }, onRun);
    const labels = { service: 'embedding', model };
    this.metrics.modelLoads.inc(labels);
    this.metrics.modelLoadDuration.observe(labels, (performance.now() - startedAt) / 1000);
    return engine;
  }
}
