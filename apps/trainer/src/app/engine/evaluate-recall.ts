import { factSequences } from './fact-sequences';
import type { GpuChoice } from './llama-ffi';
import { LlamaModelSession } from './llama-model-session';
import type { FactRecall, TrainingFact } from './training-engine.types';

/** Headroom of generated tokens beyond the expected answer's own length. */
const EXTRA_TOKENS = 16;

/** Exact-match recall by real greedy decoding, loading the model as inference does. */
export function evaluateRecall(modelPath: string, facts: TrainingFact[], threads: number, gpu: GpuChoice): FactRecall[] {
  const session = new LlamaModelSession({ modelPath, threads, gpu, contextSize: 256, forTraining: false });
  try {
    return factSequences(facts, session).map(({ fact, prompt, answer }) => {
      const generated = session.generate(prompt, answer.length + EXTRA_TOKENS);
      return { input: fact.input, expected: fact.output, generated, exact: generated === fact.output };
    });
  } finally {
    session.dispose();
  }
}
