import { Injectable } from '@nestjs/common';
import { type OwnerContext, RegistrySubjects, type ResolvedModel } from '@lamini/contracts';
import { ServiceClient } from './service-client';

/**
 * How long a model name's files are reused before the registry is asked again. Asking costs a
 * transport round trip, a large share of a one-sentence embedding or a short completion.
 */
export const MODEL_LOCATION_REUSE_MS = 5_000;

/**
 * The registry's answer to "where are the files of this model, for this owner", as the request
 * paths of the engines ask it. Answers are reused for a few seconds; a refusal (unknown,
 * downloading, failed) is never reused, so a model that becomes ready is served at once.
 */
@Injectable()
export class ModelLocator {
  private readonly answers = new Map<string, { resolved: Promise<ResolvedModel>; expiresAt: number }>();

  constructor(private readonly services: ServiceClient) {}

  resolve(owner: OwnerContext, modelName: string): Promise<ResolvedModel> {
    const key = `${owner.id}\n${modelName}`;
    const now = Date.now();
    const reused = this.answers.get(key);
    if (reused && reused.expiresAt > now) return reused.resolved;
    if (this.answers.size > 10_000) this.answers.clear();
    const resolved = this.services.send(RegistrySubjects.resolveModel, owner, { model_name: modelName });
    this.answers.set(key, { resolved, expiresAt: now + MODEL_LOCATION_REUSE_MS });
    resolved.catch(() => this.answers.delete(key));
    return resolved;
  }
}
