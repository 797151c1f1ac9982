import type { TrainingFact } from './training-engine.types';

export interface Tokenizer {
  /** Tokens as inference sees the raw prompt (BOS added when the vocabulary asks for it). */
  tokenize(text: string): number[];
  /** Raw bytes of each non-control token's piece, by token id ('' for control tokens). */
  pieces(): Buffer[];
  eos: number;
}

/** One fact laid out exactly as greedy inference meets it: prompt tokens, then the answer, then EOS. */
export interface FactSequence {
  fact: TrainingFact;
  prompt: number[];
  answer: number[];
  /** prompt + answer + [eos] */
  tokens: number[];
}

export function factSequences(facts: TrainingFact[], tokenizer: Tokenizer): FactSequence[] {
  let pieceMatcher: PieceMatcher | undefined;
  return facts.map((fact) => {
    const prompt = tokenizer.tokenize(fact.input);
    const full = tokenizer.tokenize(fact.input + fact.output);
    let answer: number[];
    if (startsWith(full, prompt)) {
      answer = full.slice(prompt.length);
    } else {
      // The tokenizer merged across the input/output boundary; inference still starts from the
      // prompt's own tokens, so spell the output with vocabulary pieces instead.
      pieceMatcher ??= new PieceMatcher(tokenizer.pieces());
      answer = pieceMatcher.spell(Buffer.from(fact.output, 'utf8'));
    }
    return { fact, prompt, answer, tokens: [...prompt, ...answer, tokenizer.eos] };
  });
}

/** Tokens per training sample: the longest fact (its EOS is a label only), at least 16, rounded up to a power of two, within maxLength. */
export function trainingContext(sequences: FactSequence[], maxLength: number): number {
  const longest = Math.max(...sequences.map((s) => s.tokens.length - 1));
  if (longest > maxLength) throw new Error(`a fact needs ${longest} tokens, more than maxLength ${maxLength}`);
  let n = 16;
  while (n < longest) n *= 2;
  return Math.min(n, maxLength);
}

function startsWith(a: number[], prefix: number[]): boolean {
  return prefix.length <= a.length && prefix.every((t, i) => a[i] === t);
}

/** Greedy longest-piece spelling of bytes (llama vocabularies carry byte pieces, so it always succeeds). */
class PieceMatcher {
  private readonly byPiece = new Map<string, number>();
  private readonly longest: number;

  constructor(pieces: Buffer[]) {
    let longest = 1;
    pieces.forEach((piece, id) => {
      if (piece.length === 0) return;
      const key = piece.toString('latin1');
      if (!this.byPiece.has(key)) this.byPiece.set(key, id);
      longest = Math.max(longest, piece.length);
    });
    this.longest = longest;
  }

  spell(bytes: Buffer): number[] {
    const out: number[] = [];
    for (let i = 0; i < bytes.length; ) {
      let found = false;
      for (let len = Math.min(this.longest, bytes.length - i); len > 0; len--) {
        const id = this.byPiece.get(bytes.subarray(i, i + len).toString('latin1'));
        if (id !== undefined) {
          out.push(id);
          i += len;
          found = true;
          break;
        }
      }
      if (!found) throw new Error(`no vocabulary piece for byte 0x${bytes[i].toString(16)}`);
    }
    return out;
  }
}
