import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  EmbeddingSubjects,
  InferenceSubjects,
  InvalidInputError,
  ModelNotFoundError,
  type OpenAiGenerationPayload,
  type OwnerContext,
  RegistrySubjects,
} from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { ClientGone } from '../routes/client-gone.decorator';
import { inOpenAiShape, openAiError } from './openai-errors';
import { chatGenerationPayload, embeddingsRequest, textGenerationPayload } from './openai-requests';
import {
  type AnswerHead,
  type ChunkShapes,
  answerHead,
  chatChunks,
  chatCompletion,
  embeddingList,
  modelList,
  textChunks,
  textCompletion,
} from './openai-responses';

/**
 * The OpenAI-compatible API Lamini serves under `/inf` (the Lamini SDK points the `openai`
 * client there): another edge over the same services, keys, queues and limits as the Lamini
 * routes. Bodies are checked here (openai-requests.ts) rather than against the Lamini spec.
 */
@ApiTags('openai')
@Controller('inf')
export class OpenAiController {
  constructor(private readonly services: ServiceClient) {}

  @Post('chat/completions')
  async chat(@CurrentOwner() owner: OwnerContext, @Body() body: unknown, @Res() res: Response, @ClientGone() gone: AbortSignal) {
    const payload = chatGenerationPayload(body);
    const head = answerHead('chatcmpl', payload.model);
    if (streamed(body)) return this.stream(res, owner, payload, chatChunks(head), includeUsage(body), gone);
    res.status(200).json(chatCompletion(head, await this.services.send(InferenceSubjects.openaiGenerate, owner, payload, { signal: gone })));
  }

  @Post('completions')
  async complete(@CurrentOwner() owner: OwnerContext, @Body() body: unknown, @Res() res: Response, @ClientGone() gone: AbortSignal) {
    const payload = textGenerationPayload(body);
    const head: AnswerHead = answerHead('cmpl', payload.model);
    if (streamed(body)) return this.stream(res, owner, payload, textChunks(head), includeUsage(body), gone);
    res.status(200).json(textCompletion(head, await this.services.send(InferenceSubjects.openaiGenerate, owner, payload, { signal: gone })));
  }

  @Post('embeddings')
  async embeddings(@CurrentOwner() owner: OwnerContext, @Body() body: unknown, @Res() res: Response) {
    const request = embeddingsRequest(body);
    const packed = await this.services.send(EmbeddingSubjects.embed, owner, { prompt: request.inputs, model_name: request.model }).catch((error: unknown) => {
      // The embedding service names the Lamini field.
      if (error instanceof InvalidInputError && error.loc[0] === 'prompt') error.loc = ['input', ...error.loc.slice(1)];
      throw error;
    });
    if (request.dimensions !== null && request.dimensions !== packed.dimension) {
      throw InvalidInputError.at(['dimensions'], `${request.model} produces ${packed.dimension}-dimensional embeddings and cannot shorten them`);
    }
    res.status(200).json(embeddingList(request.model, packed, request.encoding));
  }

  @Get('models')
  async models(@CurrentOwner() owner: OwnerContext) {
    return modelList(await this.services.send(RegistrySubjects.listModels, owner, {}), owner.name);
  }

  /** One model of that list; a Hugging Face id (`owner/name`) may come with its slash encoded or not. */
  @Get('models/*model')
  async model(@CurrentOwner() owner: OwnerContext, @Param('model') segments: string[] | string) {
    const id = Array.isArray(segments) ? segments.join('/') : segments;
    const found = (await this.models(owner)).data.find((model) => model.id === id);
    if (!found) throw ModelNotFoundError.forModel(id);
    return found;
  }

  /**
   * Server-sent events as OpenAI sends them: `data: {chunk}` per delta, a closing chunk per
   * choice, optionally the usage, then `data: [DONE]`. Nothing is sent before the first event,
   * so a refusal (unknown model, full queue) is still a plain HTTP error; one after that ends
   * the stream with an error event. The client going away stops the generation.
   */
  private async stream(res: Response, owner: OwnerContext, payload: OpenAiGenerationPayload, chunks: ChunkShapes, withUsage: boolean, gone: AbortSignal) {
    const send = (data: object | string) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    const choiceCount = ('messages' in payload ? 1 : payload.prompts.length) * payload.n;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      chunks.opening(Array.from({ length: choiceCount }, (_, i) => i)).forEach(send);
    };
    try {
      await this.services.stream(
        InferenceSubjects.openaiStream,
        owner,
        payload,
        (event) => {
          start();
          if ('delta' in event) return void send(chunks.delta(event.delta.index, event.delta.text));
          chunks.closing(event.done.choices).forEach(send);
          if (withUsage) send(chunks.usage(event.done.usage));
        },
        { signal: gone },
      );
      start();
      send('[DONE]');
    } catch (error) {
      if (!started) throw error;
      if (!gone.aborted) send(((openAiError(error) ?? inOpenAiShape([500, { detail: 'The stream failed' }]))[1]));
    }
    res.end();
  }
}

function streamed(body: unknown): boolean {
  return (body as { stream?: unknown }).stream === true;
}

function includeUsage(body: unknown): boolean {
  return (body as { stream_options?: { include_usage?: unknown } }).stream_options?.include_usage === true;
}
