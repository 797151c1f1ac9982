import { Injectable } from '@nestjs/common';
import type { CompletionsPayload, OwnerContext } from '@lamini/contracts';
import { type PromptResult, PromptRunner } from './prompt-runner';
import { v1Response, v2Response } from './response-shapes';

/** Completions answered in the request: every prompt runs at once, under one time limit. */
@Injectable()
export class CompletionService {
  constructor(private readonly runner: PromptRunner) {}

  async completeV2(owner: OwnerContext, payload: CompletionsPayload) {
    return v2Response(await this.generate(owner, payload));
  }

  async completeV1(owner: OwnerContext, payload: CompletionsPayload) {
    return v1Response(await this.generate(owner, payload), Array.isArray(payload.prompt));
  }

  private async generate(owner: OwnerContext, payload: CompletionsPayload): Promise<PromptResult[]> {
    const request = await this.runner.prepare(owner, payload);
    return (await this.runner.run(request, { deadline: 'request', whenFull: 'refuse' })) as PromptResult[];
  }
}
