import { fillerSentences, seededRandom } from './filler-text';
import type { ProseDocument } from './test-corpus';

/** A section of a prose document: a heading and its paragraphs. */
export interface ProseSection {
  heading: string;
  paragraphs: string[];
}

/**
 * The document's sections, one per fact: a paragraph of filler, then the fact amid filler
 * sentences, then more filler, enough for the document to span several chunks.
 */
export function proseSections(document: ProseDocument): ProseSection[] {
  const random = seededRandom(document.seed);
  const paragraph = (count: number) => fillerSentences(random, count).join(' ');
  return document.facts.map((fact, index) => ({
    heading: `Part ${index + 1}`,
    paragraphs: [
      paragraph(6),
      [...fillerSentences(random, 3), fact.answer, ...fillerSentences(random, 2)].join(' '),
      paragraph(5),
    ],
  }));
}
