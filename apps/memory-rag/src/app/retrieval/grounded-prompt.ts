import type { RagSource } from '@lamini/contracts';

/** The question with the retrieved chunks before it, numbered, and the instruction to answer from them alone. */
export function groundedPrompt(question: string, sources: RagSource[]): string {
  const context = sources.map((source, i) => `[${i + 1}] (${source.document})\n${source.text.trim()}`).join('\n\n');
  return (
    'Answer the question using only the numbered passages below. If they do not contain the answer, say that you do not know.\n\n' +
    `${context}\n\nQuestion: ${question}\nAnswer:`
  );
}
