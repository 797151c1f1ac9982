import type { ChunkTokenizer } from './chunk-tokenizer';
import { Boundary, type TextPiece, textPieces } from './text-pieces';

export { type ChunkTokenizer, loadChunkTokenizer } from './chunk-tokenizer';

export interface ChunkOptions {
  /** Most tokens in a chunk, special tokens not counted: the model's max_seq_length - 2. */
  chunkTokens: number;
  /** About how many tokens consecutive chunks share. */
  overlapTokens: number;
}

export interface TextChunk {
  index: number;
  /** `text.slice(start, end)` of the text chunked. */
  text: string;
  start: number;
  end: number;
  /** Its token count (an upper bound where special-token text such as "[SEP]" appears in it). */
  tokens: number;
}

/** A chunk ends at the best boundary among those that leave it at least this full. */
const MIN_FILL = 0.6;

/**
 * Cuts text into chunks of at most `chunkTokens` of the embedding model's tokens, consecutive
 * chunks sharing about `overlapTokens`. A chunk ends at the strongest boundary near its limit
 * (paragraph, sentence, line, space, in that order) that leaves it at least MIN_FILL full, so
 * a sentence shorter than the rest (40% of chunkTokens) is whole in some chunk; the next chunk
 * starts at a word.
 */
export function chunkText(text: string, tokenizer: ChunkTokenizer, options: ChunkOptions): TextChunk[] {
  const { chunkTokens, overlapTokens } = options;
  if (!Number.isInteger(chunkTokens) || chunkTokens < 1) throw new RangeError(`chunkTokens must be a positive integer, not ${chunkTokens}`);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= chunkTokens) {
    throw new RangeError(`overlapTokens must be an integer from 0 to chunkTokens - 1, not ${overlapTokens}`);
  }
  const pieces = textPieces(text, tokenizer, chunkTokens);
  // sums[i]: tokens of the pieces before piece i.
  const sums = [0];
  for (const piece of pieces) sums.push(sums[sums.length - 1] + piece.tokens);
  const minTokens = Math.max(overlapTokens + 1, Math.ceil(chunkTokens * MIN_FILL));

  const chunks: TextChunk[] = [];
  let first = 0;
  let end = 0;
  while (end < pieces.length) {
    end = chunkEnd(pieces, sums, first, end + 1, chunkTokens, minTokens);
    const start = pieces[first].start;
    const stop = pieces[end - 1].end;
    chunks.push({ index: chunks.length, text: text.slice(start, stop), start, end: stop, tokens: sums[end] - sums[first] });
    if (end < pieces.length) first = nextFirst(pieces, sums, first, end, options);
  }
  return chunks;
}

/** The piece index (exclusive) where the chunk from `first` ends, at `minEnd` or later. */
function chunkEnd(pieces: TextPiece[], sums: number[], first: number, minEnd: number, chunkTokens: number, minTokens: number): number {
  let last = minEnd;
  while (last < pieces.length && sums[last + 1] - sums[first] <= chunkTokens) last++;
  if (last === pieces.length) return last;
  let best = last;
  for (let end = last - 1; end >= minEnd && sums[end] - sums[first] >= minTokens; end--) {
    if (pieces[end].before > pieces[best].before) best = end;
  }
  return best;
}

/**
 * Where the chunk after [first, end) starts: about `overlapTokens` back from its end, at a
 * word, leaving room for at least the piece at `end`.
 */
function nextFirst(pieces: TextPiece[], sums: number[], first: number, end: number, { chunkTokens, overlapTokens }: ChunkOptions): number {
  let next = end;
  while (next - 1 > first && sums[end] - sums[next - 1] <= overlapTokens && sums[end + 1] - sums[next - 1] <= chunkTokens) next--;
  for (let word = next; word < end; word++) if (pieces[word].before >= Boundary.Space) return word;
  return next;
}
