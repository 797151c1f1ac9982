import type { CompletionsWithFinishReasonResponse, PartialCompletions } from '@lamini/contracts';
import type { Output, PromptResult } from './prompt-runner';

/** One prompt's output as Lamini returns it: the structured object, or `{output: text}`. */
export function outputObject(output: Output): Record<string, unknown> {
  return typeof output === 'string' ? { output } : output;
}

/** `/v2/completions`: outputs and finish reasons, one per prompt, in prompt order. */
export function v2Response(results: PromptResult[]): CompletionsWithFinishReasonResponse {
  return {
    outputs: results.map((r) => outputObject(r.output)) as CompletionsWithFinishReasonResponse['outputs'],
    finish_reason: results.map((r) => r.finishReason),
  };
}

/** `/v1/completions`, as the SDK's `Lamini.generate` reads it: one object for one prompt, a list for a list. */
export function v1Response(results: PromptResult[], promptWasList: boolean) {
  const outputs = results.map((r) => outputObject(r.output));
  return promptWasList ? outputs : outputs[0];
}

/**
 * A batch or stream while it runs, as the Lamini SDK reads it: it counts the non-null
 * `finish_reason`s and takes that many `outputs` from the start. So only the finished prefix
 * is shown as finished; the first unfinished prompt shows what it has so far (a stream's text),
 * and every prompt after it is null, finished or not, until those before it are done.
 */
export function partialResponse(results: Array<{ output: Output | null; finishReason: PromptResult['finishReason'] | null } | null>): PartialCompletions {
  const firstUnfinished = results.findIndex((r) => !r?.finishReason);
  const prefix = firstUnfinished === -1 ? results.length : firstUnfinished;
  return {
    outputs: results.map((r, i) => (i > prefix || r?.output == null ? null : outputObject(r.output))),
    finish_reason: results.map((r, i) => (i < prefix ? r!.finishReason : null)),
  };
}
