import type { ChunkTokenizer } from './chunk-tokenizer';

/** How good a place to cut the text is, from a cut inside a word to a paragraph break. */
export enum Boundary {
  None = 0,
  Space = 1,
  Line = 2,
  Sentence = 3,
  Paragraph = 4,
}

/** A run of the text that the tokenizer never splits across, with its token count. */
export interface TextPiece {
  start: number;
  end: number;
  tokens: number;
  /** The boundary between this piece and the one before it. */
  before: Boundary;
}

// BERT-style tokenizers (WordPiece with the BERT pre-tokenizer) tokenize each word apart: they
// split at whitespace, around each punctuation character and each CJK ideograph. So a text's
// token count is the sum of its pieces' counts, and each piece's start is a place the tokens
// of the text begin. Only what the normalizer surely treats as whitespace separates pieces
// (it deletes control characters such as \f, joining the words either side).
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const CJK = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
const SPACE = '\\t\\n\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const PIECE = new RegExp(`[${PUNCTUATION}]|[${CJK}]|[^${SPACE}${PUNCTUATION}${CJK}]+`, 'gu');
const SENTENCE_END = /[.!?\u2026\u3002\uFF01\uFF1F]["'\u2019\u201D)\]]{0,3}$/u;

/**
 * The text cut into pieces that each fit `maxTokens`. A word longer than that (rare: a word
 * of up to 100 characters can be as many tokens) is cut into parts that each fit, and each
 * part counts as `maxTokens`, so that it makes a chunk of its own: the tokens of parts joined
 * again would not be the sum of theirs.
 */
export function textPieces(text: string, tokenizer: ChunkTokenizer, maxTokens: number): TextPiece[] {
  const counts = new Map<string, number>();
  const count = (piece: string) => {
    let tokens = counts.get(piece);
    if (tokens === undefined) counts.set(piece, (tokens = tokenizer.countTokens(piece)));
    return tokens;
  };
  const pieces: TextPiece[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(PIECE)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = boundary(text, previousEnd, start, pieces.length > 0);
    const tokens = count(match[0]);
    if (tokens <= maxTokens) pieces.push({ start, end, tokens, before });
    else splitWord(text, start, end, maxTokens, count).forEach((part, i) => pieces.push({ ...part, tokens: maxTokens, before: i === 0 ? before : Boundary.None }));
    previousEnd = end;
  }
  return pieces;
}

function boundary(text: string, previousEnd: number, start: number, hasPrevious: boolean): Boundary {
  if (!hasPrevious || previousEnd === start) return Boundary.None;
  const gap = text.slice(previousEnd, start);
  if (/\n[^\S\n]*\n/.test(gap)) return isHeading(text, previousEnd) ? Boundary.Space : Boundary.Paragraph;
  if (SENTENCE_END.test(text.slice(Math.max(0, previousEnd - 4), previousEnd))) return Boundary.Sentence;
  if (gap.includes('\n')) return Boundary.Line;
  return Boundary.Space;
}

/** Whether the paragraph ending at `end` is a heading (one short line, no closing punctuation): it belongs with the text after it. */
function isHeading(text: string, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const line = text.slice(lineStart, end);
  const paragraphStart = lineStart === 0 || /(^|\n)[^\S\n]*\n$/.test(text.slice(Math.max(0, lineStart - 10), lineStart));
  return paragraphStart && line.length <= 80 && !/[.!?:;,\u2026\u3002]["'\u2019\u201D)\]]*$/u.test(line);
}

/** Consecutive parts of text[start, end), each as long as fits `maxTokens`, cut between code points. */
function splitWord(text: string, start: number, end: number, maxTokens: number, count: (text: string) => number) {
  const parts: Array<{ start: number; end: number }> = [];
  const codePoints = [...text.slice(start, end)];
  let from = 0;
  let offset = start;
  while (from < codePoints.length) {
    let low = from + 1;
    let high = codePoints.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (count(codePoints.slice(from, middle).join('')) <= maxTokens) low = middle;
      else high = middle - 1;
    }
    const length = codePoints.slice(from, low).join('').length;
    parts.push({ start: offset, end: offset + length });
    offset += length;
    from = low;
  }
  return parts;
}
