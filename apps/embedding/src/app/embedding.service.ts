import { Inject, Injectable } from '@nestjs/common';
import {
  BadRequestError,
  type EmbeddingParams,
  InternalError,
  InvalidInputError,
  type OwnerContext,
  type PackedEmbeddings,
  packEmbeddings,
} from '@lamini/contracts';
import { ModelLocator } from '@lamini/transport';
import { EMBEDDING_CONFIG, type EmbeddingConfig } from './embedding.config';
import { EmbeddingEngines, type ModelLocation } from './engine/embedding-engines';

export const DEFAULT_EMBEDDING_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
const ONNX_FILE = 'onnx/model.onnx';

export interface EmbeddingStats {
  requests: number;
  sentences: number;
  /** ONNX engine runs: fewer than the sentences when concurrent requests share runs. */
  engineRuns: number;
}

/** `/v1/embedding`: a string gives one vector, a list one vector per string, in order. */
@Injectable()
export class EmbeddingService {
  private requests = 0;
  private sentences = 0;

  constructor(
    @Inject(EMBEDDING_CONFIG) private readonly config: EmbeddingConfig,
    private readonly models: ModelLocator,
    private readonly engines: EmbeddingEngines,
  ) {}

  async embed(owner: OwnerContext, params: EmbeddingParams): Promise<PackedEmbeddings> {
    const texts = this.checkedPrompts(params.prompt);
    const modelName = params.model_name ?? DEFAULT_EMBEDDING_MODEL;
    const location = await this.locate(owner, modelName);
    const engine = await this.engines.for(location).catch((error: unknown) => {
      throw InternalError.during(`${modelName} could not be loaded for embedding`, error);
    });
    const { vectors, tokens } = await engine.embed(texts, params.latency_sensitive ?? true).catch((error: unknown) => {
      throw InternalError.during(`Embedding with ${modelName} failed`, error);
    });
    const empty = vectors.findIndex((vector) => vector.length === 0);
    if (empty >= 0) throw InvalidInputError.at(Array.isArray(params.prompt) ? ['prompt', empty] : ['prompt'], `The prompt has no tokens for ${modelName}`);
    this.requests++;
    this.sentences += texts.length;
    return { ...packEmbeddings(vectors, !Array.isArray(params.prompt)), tokens };
  }

  async stats(): Promise<EmbeddingStats> {
    return { requests: this.requests, sentences: this.sentences, engineRuns: await this.engines.onnxRuns() };
  }

  private checkedPrompts(prompt: string | string[]): string[] {
    if (!Array.isArray(prompt)) {
      if (prompt.trim() === '') throw InvalidInputError.at(['prompt'], 'The prompt must not be empty');
      return [prompt];
    }
    if (prompt.length === 0) throw InvalidInputError.at(['prompt'], 'The list of prompts must not be empty');
    if (prompt.length > this.config.maxPrompts) {
      throw InvalidInputError.at(['prompt'], `At most ${this.config.maxPrompts} prompts per request (got ${prompt.length})`);
    }
    const empty = prompt.findIndex((text) => text.trim() === '');
    if (empty >= 0) throw InvalidInputError.at(['prompt', empty], 'The prompt must not be empty');
    return prompt;
  }

  private async locate(owner: OwnerContext, modelName: string): Promise<ModelLocation> {
    const resolved = await this.models.resolve(owner, modelName);
    const onnx = resolved.files.find((f) => f.name === ONNX_FILE);
    if (onnx) return { kind: 'onnx', dir: onnx.path.slice(0, -ONNX_FILE.length) };
    const gguf = resolved.files.find((f) => f.name.endsWith('.gguf'));
    if (gguf) return { kind: 'gguf', path: gguf.path };
    throw new BadRequestError(`${modelName} has neither ${ONNX_FILE} nor a GGUF file to embed with`);
  }
}
