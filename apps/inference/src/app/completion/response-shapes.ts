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

/** A batch or stream while it runs: what each prompt has so far, `finish_reason` null until it ends. */
export function partialResponse(results: Array<{ output: Output | null; finishReason: PromptResult['finishReason'] | null } | null>): PartialCompletions {
  return {
    outputs: results.map((r) => (r?.output == null ? null : outputObject(r.output))),
    finish_reason: results.map((r) => r?.finishReason ?? null),
  };
}
