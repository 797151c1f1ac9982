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
    // The prompt is evaluated before joining: generations already running are not held back
    // for a long prompt, whose chunks node-llama-cpp batches with their tokens.
    let joined = false;
    try {
      let sent: void | Token | Token[] = undefined;
      for (;;) {
        if (joined) await barrier.arrive(rank);
        const step = await inner.next(sent);
        if (step.done) return;
        if (!joined) {
          barrier.join();
          joined = true;
        }
        sent = yield step.value;
      }
    } finally {
      if (joined) barrier.leave();
      await inner.return();
    }
  };
  return sequence;
}
