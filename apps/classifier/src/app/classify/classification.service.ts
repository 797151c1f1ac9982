import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  type ClassPrediction,
  type ClassificationResult,
  type ClassifierV2ClassifyPayload,
  EmbeddingSubjects,
  InvalidInputError,
  type OwnerContext,
  PayloadTooLargeError,
  unpackEmbeddings,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CLASSIFIER_CONFIG, type ClassifierConfig } from '../classifier.config';
import { ClassifierHead } from '../head';
import { ClassifierModels, type ServableModel } from '../models/classifier-models.service';

interface LoadedModel {
  ownerId: string;
  model: ServableModel;
  head: ClassifierHead;
}

/**
 * Classifies prompts with a trained version: the prompts are embedded in one request to the
 * embedding service and scored by the version's head. A trained version never changes, so
 * versions stay loaded by id (a request naming one needs no database read), the least recently
 * used evicted past the bound; a project name is looked up each time, as its registration may move.
 */
@Injectable()
export class ClassificationService {
  private readonly loaded: LRUCache<string, LoadedModel>;

  constructor(
    @Inject(CLASSIFIER_CONFIG) private readonly config: ClassifierConfig,
    private readonly models: ClassifierModels,
    private readonly services: ServiceClient,
  ) {
    this.loaded = new LRUCache({ max: config.loadedHeads });
  }

  async classify(owner: OwnerContext, request: ClassifierV2ClassifyPayload & { model_id: string }): Promise<ClassificationResult> {
    const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
    const { topN, threshold } = this.checkOptions(request, prompts.length);
    const { model, head } = await this.load(owner, request.model_id);
    const vectors = prompts.length
      ? unpackEmbeddings(await this.services.send(EmbeddingSubjects.embed, owner, { prompt: prompts, model_name: model.embeddingModel }))
      : [];
    const classification = head.probabilities(vectors).map((probabilities) => ranked(probabilities, model.classes, topN, threshold));
    if (!request.metadata) return { classification };
    return {
      classification,
      metadata: { model_id: model.id, project_name: model.projectName, version: model.version, embedding_model: model.embeddingModel, classes: model.classes },
    };
  }

  private async load(owner: OwnerContext, modelIdOrProject: string): Promise<LoadedModel> {
    const cached = this.loaded.get(modelIdOrProject);
    if (cached?.ownerId === owner.id) return cached;
    const model = await this.models.servable(owner, modelIdOrProject);
    const loaded = this.loaded.get(model.id) ?? { ownerId: owner.id, model, head: ClassifierHead.fromBuffer(model.head) };
    this.loaded.set(model.id, loaded);
    return loaded;
  }

  private checkOptions(request: ClassifierV2ClassifyPayload, count: number): { topN: number | undefined; threshold: number } {
    if (count > this.config.limits.maxClassifyPrompts) {
      throw new PayloadTooLargeError(`At most ${this.config.limits.maxClassifyPrompts} prompts per classification (CLASSIFIER_MAX_CLASSIFY_PROMPTS)`);
    }
    if (request.top_n != null && request.top_n < 1) throw InvalidInputError.at(['top_n'], 'must be at least 1');
    if (request.threshold != null && !(request.threshold >= 0 && request.threshold <= 1)) {
      throw InvalidInputError.at(['threshold'], 'must be a probability, from 0 to 1');
    }
    return { topN: request.top_n ?? undefined, threshold: request.threshold ?? 0 };
  }
}

/** Classes by probability, highest first; `top_n` of them, those at or above `threshold`. */
function ranked(probabilities: Float32Array, classes: string[], topN: number | undefined, threshold: number): ClassPrediction[] {
  return Array.from(probabilities, (prob, classId) => ({ class_id: classId, class_name: classes[classId], prob }))
    .sort((a, b) => b.prob - a.prob || a.class_id - b.class_id)
    .slice(0, topN)
    .filter((prediction) => prediction.prob >= threshold);
}
