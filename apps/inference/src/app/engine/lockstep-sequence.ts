import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import type { StepBarrier } from './step-barrier';

/**
 * Makes a sequence step with the model's other sequences. node-llama-cpp's LlamaCompletion
 * drives generation through `sequence.evaluate`, an async generator that decodes when asked
 * for the next token; this wraps that method on our own sequence objects so each ask first
 * waits at the barrier. Everything else about LlamaCompletion (sampling, grammars, stop
 * detection, detokenisation) stays as it is. `rank` is the sequence's id in its context (the
 * order in which the context handed it out), which orders the batch.
 */
export function stepInLockstep(sequence: LlamaContextSequence, barrier: StepBarrier, rank: number): LlamaContextSequence {
  const evaluate = sequence.evaluate.bind(sequence);
  sequence.evaluate = async function* lockstepEvaluate(tokens, options) {
    const inner = evaluate(tokens, options);
    barrier.join();
    try {
      let sent: void | Token | Token[] = undefined;
      for (;;) {
        await barrier.arrive(rank);
        const step = await inner.next(sent);
        if (step.done) return;
        sent = yield step.value;
      }
    } finally {
      barrier.leave();
      await inner.return();
    }
  };
  return sequence;
}
