import { randomUUID } from 'node:crypto';
import type { DownloadedModelView, GeneratedChoice, OpenAiGeneration, PackedEmbeddings, TokenUsage } from '@lamini/contracts';
import { unpackEmbeddings } from '@lamini/contracts';

/** What every answer (and every chunk of a streamed one) of one request repeats. */
export interface AnswerHead {
  id: string;
  created: number;
  model: string;
}

export function answerHead(prefix: 'chatcmpl' | 'cmpl', model: string): AnswerHead {
  return { id: `${prefix}-${randomUUID().replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model };
}

export function chatCompletion(head: AnswerHead, generation: OpenAiGeneration) {
  return {
    ...head,
    object: 'chat.completion',
    choices: generation.choices.map((c) => ({
      index: c.index,
      message: { role: 'assistant', content: c.text, refusal: null },
      logprobs: null,
      finish_reason: c.finish_reason,
    })),
    usage: generation.usage,
    system_fingerprint: null,
  };
}

export function textCompletion(head: AnswerHead, generation: OpenAiGeneration) {
  return { ...head, object: 'text_completion', choices: generation.choices.map((c) => textChoice(c.index, c.text, c.finish_reason)), usage: generation.usage };
}

/** The chunks of a streamed answer, as OpenAI sends them for each kind of completion. */
export interface ChunkShapes {
  /** Before any text: chat says who speaks in each choice; plain completions say nothing. */
  opening(indices: number[]): object[];
  delta(index: number, text: string): object;
  closing(choices: GeneratedChoice[]): object[];
  usage(usage: TokenUsage): object;
}

export function chatChunks(head: AnswerHead): ChunkShapes {
  const chunk = (choices: object[]) => ({ ...head, object: 'chat.completion.chunk', system_fingerprint: null, choices });
  return {
    opening: (indices) => indices.map((index) => chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])),
    delta: (index, text) => chunk([{ index, delta: { content: text }, logprobs: null, finish_reason: null }]),
    closing: (choices) => choices.map((c) => chunk([{ index: c.index, delta: {}, logprobs: null, finish_reason: c.finish_reason }])),
    usage: (usage) => ({ ...chunk([]), usage }),
  };
}

export function textChunks(head: AnswerHead): ChunkShapes {
  const chunk = (choices: object[]) => ({ ...head, object: 'text_completion', choices });
  return {
    opening: () => [],
    delta: (index, text) => chunk([textChoice(index, text, null)]),
    closing: (choices) => choices.map((c) => chunk([textChoice(c.index, '', c.finish_reason)])),
    usage: (usage) => ({ ...chunk([]), usage }),
  };
}

function textChoice(index: number, text: string, finishReason: string | null) {
  return { index, text, logprobs: null, finish_reason: finishReason };
}

export function embeddingList(model: string, packed: PackedEmbeddings, encoding: 'float' | 'base64') {
  const vectors = unpackEmbeddings(packed);
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64') : Array.from(vector),
    })),
    model,
    usage: { prompt_tokens: packed.tokens ?? 0, total_tokens: packed.tokens ?? 0 },
  };
}

export function modelList(models: DownloadedModelView[], ownerName: string) {
  return {
    object: 'list',
    data: models
      .filter((m) => m.status === 'DOWNLOADED')
      .map((m) => ({ id: m.model_name, object: 'model', created: Math.floor(Date.parse(m.creation_ts) / 1000) || 0, owned_by: m.is_public ? 'system' : ownerName })),
  };
}
