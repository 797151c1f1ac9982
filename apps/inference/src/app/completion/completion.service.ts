import { Injectable } from '@nestjs/common';
import { ClientClosedRequestError, type CompletionsPayload, type OwnerContext } from '@lamini/contracts';
import { type PromptResult, PromptRunner } from './prompt-runner';
import { v1Response, v2Response } from './response-shapes';

/** Completions answered in the request: every prompt runs at once, under one time limit. */
@Injectable()
export class CompletionService {
  constructor(private readonly runner: PromptRunner) {}

  async completeV2(owner: OwnerContext, payload: CompletionsPayload, cancel?: AbortSignal) {
    return v2Response(await this.generate(owner, payload, cancel));
  }

  async completeV1(owner: OwnerContext, payload: CompletionsPayload, cancel?: AbortSignal) {
    return v1Response(await this.generate(owner, payload, cancel), Array.isArray(payload.prompt));
  }

  /** `cancel` (the caller went away) stops the generations where they are. */
  private async generate(owner: OwnerContext, payload: CompletionsPayload, cancel?: AbortSignal): Promise<PromptResult[]> {
    const request = await this.runner.prepare(owner, payload);
    // Once the caller is gone nobody reads the answer, whatever stopped the generations.
    const callerGone = () => new ClientClosedRequestError('The client closed the request');
    const results = await this.runner.run(request, { deadline: 'request', whenFull: 'refuse', signal: cancel }).catch((error: unknown) => {
      throw cancel?.aborted ? callerGone() : error;
    });
    if (cancel?.aborted) throw callerGone();
    return results as PromptResult[];
  }
}
