import type { ClassifierClassView } from '@lamini/contracts';

const SHOWN_EXAMPLES = 5;

/**
 * The n-th request for a new example of a class. Each request shows a different rotation of the
 * seed examples and asks for a numbered example, so greedy decoding does not answer every
 * request with the same text.
 */
export function augmentationPrompt(klass: ClassifierClassView, seeds: string[], n: number): string {
  const shown = seeds.length ? Array.from({ length: Math.min(SHOWN_EXAMPLES, seeds.length) }, (_, i) => seeds[(n + i) % seeds.length]) : [];
  return [
    `Write one new, realistic example of text that belongs to the class "${klass.name}".`,
    klass.description ? `Class description: ${klass.description}` : '',
    shown.length ? `Examples of this class:\n${shown.map((s) => `- ${s}`).join('\n')}` : '',
    `New example number ${n + 1}, different from the examples above:`,
  ]
    .filter(Boolean)
    .join('\n');
}
