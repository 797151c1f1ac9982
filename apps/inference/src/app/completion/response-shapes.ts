import type { CompletionsWithFinishReasonResponse } from '@lamini/contracts';
import type { Generation } from '../engine/text-generator';

type Output = string | Record<string, unknown>;

/** One prompt's output as Lamini returns it: the structured object, or `{output: text}`. */
function outputObject(generation: Generation<Output>): Record<string, unknown> {
  return typeof generation.output === 'string' ? { output: generation.output } : generation.output;
}

/** `/v2/completions`: outputs and finish reasons, one per prompt, in prompt order. */
export function v2Response(generations: Array<Generation<Output>>): CompletionsWithFinishReasonResponse {
  return {
    outputs: generations.map(outputObject) as CompletionsWithFinishReasonResponse['outputs'],
    finish_reason: generations.map((g) => g.finishReason),
  };
}

/** `/v1/completions`, as the SDK's `Lamini.generate` reads it: one object for one prompt, a list for a list. */
export function v1Response(generations: Array<Generation<Output>>, promptWasList: boolean) {
  const outputs = generations.map(outputObject);
  return promptWasList ? outputs : outputs[0];
}
