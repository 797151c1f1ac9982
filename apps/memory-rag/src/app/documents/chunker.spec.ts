import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SHARED_MODELS_DIR, type TestQuestion, writeTestDocuments } from '@lamini/testing';
import { type ChunkTokenizer, loadChunkTokenizer } from './chunk-tokenizer';
import { chunkText, type TextChunk } from './chunker';
import { extractText } from './extract-text';
import { textPieces } from './text-pieces';

const TOKENIZER_JSON = join(SHARED_MODELS_DIR, 'all-MiniLM-L6-v2-tokenizer/tokenizer.json');

const TRICKY = [
  'Dr. Smith paid $1,234.56 (approx.) for "naïve" café-au-lait at https://example.com/a?b=c&d=e.',
  'Ünïcödé ÀÉÎÕÜ straße İstanbul ﬁne — dash… ellipsis “quotes” ‘single’ 10%-off #tag @user.',
  '中文字符混合English文本。日本語のテキスト！한국어 텍스트?',
  'tabs\tand\u00A0nbsp\u2003em-space, zero\u200Bwidth, form\ffeed, soft\u00ADhyphen, emoji 🙂👍🏽 done.',
  'supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis ' + 'x'.repeat(150),
  '[CLS] [SEP] [MASK] [UNK] tokens in text, and a (parenthesis) [bracket] {brace} <angle>.',
].join('\n\n');

describe('chunkText', () => {
  let tokenizer: ChunkTokenizer;
  let dir: string;
  let documents: Array<{ name: string; text: string }>;
  let questions: TestQuestion[];

  beforeAll(async () => {
    tokenizer = await loadChunkTokenizer(TOKENIZER_JSON);
    dir = await mkdtemp(join(tmpdir(), 'chunker-'));
    const corpus = await writeTestDocuments(dir);
    questions = corpus.questions;
    documents = await Promise.all(corpus.files.map(async (path) => ({ name: basename(path), text: await extractText(basename(path), path) })));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The invariants every chunking keeps: exact offsets, the real token count within budget, coverage. */
  const expectWellFormed = (text: string, chunks: TextChunk[], chunkTokens: number) => {
    chunks.forEach((chunk, index) => {
      expect(chunk.index).toBe(index);
      expect(chunk.text).toBe(text.slice(chunk.start, chunk.end));
      expect(chunk.text).toBe(chunk.text.trim());
      expect(tokenizer.countTokens(chunk.text)).toBeLessThanOrEqual(Math.min(chunk.tokens, chunkTokens));
    });
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i].start).toBeGreaterThan(chunks[i - 1].start);
      expect(chunks[i].end).toBeGreaterThan(chunks[i - 1].end);
      expect(text.slice(chunks[i - 1].end, chunks[i].start).trim()).toBe('');
    }
    expect(text.slice(0, chunks[0]?.start ?? text.length).trim()).toBe('');
    expect(text.slice(chunks[chunks.length - 1]?.end ?? 0).trim()).toBe('');
  };

  it("counts a text's tokens as the sum of its pieces' (the tokenizer splits no piece)", () => {
    const sum = (text: string) => textPieces(text, tokenizer, 10_000).reduce((total, piece) => total + piece.tokens, 0);
    for (const { text } of documents) expect(sum(text)).toBe(tokenizer.countTokens(text));
    // Only the special tokens' text counts more in pieces: "[CLS]" is one token, "[", "cl", "##s", "]" four.
    expect(sum(TRICKY)).toBe(tokenizer.countTokens(TRICKY) + 3 + 2 + 2 + 3);
  });

  it.each([
    [254, 32],
    [200, 40],
    [128, 24],
    [64, 16],
  ])('cuts every test document into %i-token chunks overlapping by about %i tokens', (chunkTokens, overlapTokens) => {
    for (const { name, text } of documents) {
      const chunks = chunkText(text, tokenizer, { chunkTokens, overlapTokens });
      expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(tokenizer.countTokens(text) / chunkTokens));
      expectWellFormed(text, chunks, chunkTokens);
      for (let i = 1; i < chunks.length; i++) {
        const shared = chunks[i - 1].end - chunks[i].start;
        expect(shared).toBeGreaterThan(0);
        const overlap = tokenizer.countTokens(text.slice(chunks[i].start, chunks[i - 1].end));
        expect(overlap).toBeLessThanOrEqual(overlapTokens);
        expect(overlap).toBeGreaterThanOrEqual(overlapTokens - 6);
      }
      // Chunks are full but for the last and the room left to end at a boundary.
      chunks.slice(0, -1).forEach((chunk) => expect({ name, tokens: chunk.tokens >= 0.6 * chunkTokens }).toEqual({ name, tokens: true }));
      for (const { answer } of questions.filter((question) => question.document === name)) {
        expect({ name, answer, whole: chunks.some((chunk) => chunk.text.includes(answer)) }).toEqual({ name, answer, whole: true });
      }
    }
  });

  it('ends chunks of prose at the ends of sentences or paragraphs', () => {
    const prose = documents.filter(({ name }) => !/\.(csv|jsonl)$/.test(name));
    for (const { name, text } of prose) {
      for (const chunk of chunkText(text, tokenizer, { chunkTokens: 200, overlapTokens: 40 })) {
        const ends = chunk.text.endsWith('.') || /^\s*(\n\n|$)/.test(text.slice(chunk.end));
        expect({ name, ends, chunk: chunk.text.slice(-40) }).toEqual({ name, ends: true, chunk: chunk.text.slice(-40) });
      }
    }
  });

  it('ends chunks of CSV rows and JSONL records at the ends of lines or sentences', () => {
    for (const { name, text } of documents.filter((document) => /\.(csv|jsonl)$/.test(document.name))) {
      for (const chunk of chunkText(text, tokenizer, { chunkTokens: 128, overlapTokens: 16 })) {
        const ends = chunk.end === text.length || text[chunk.end] === '\n' || chunk.text.endsWith('.');
        expect({ name, ends }).toEqual({ name, ends: true });
      }
    }
  });

  it('makes adjacent chunks without overlap when overlapTokens is 0', () => {
    const { text } = documents[0];
    const chunks = chunkText(text, tokenizer, { chunkTokens: 100, overlapTokens: 0 });
    expectWellFormed(text, chunks, 100);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeGreaterThanOrEqual(chunks[i - 1].end);
    expect(chunks.map((chunk) => chunk.text).join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('chunks mixed scripts, symbols and long words within the budget', () => {
    for (const chunkTokens of [4, 8, 16, 50]) {
      const chunks = chunkText(TRICKY, tokenizer, { chunkTokens, overlapTokens: Math.floor(chunkTokens / 4) });
      expectWellFormed(TRICKY, chunks, chunkTokens);
    }
  });

  it('cuts a word longer than the budget into parts that each fit', () => {
    const word = 'pneumonoultramicroscopicsilicovolcanoconiosis';
    const chunks = chunkText(`A ${word} word.`, tokenizer, { chunkTokens: 3, overlapTokens: 1 });
    expectWellFormed(`A ${word} word.`, chunks, 3);
    expect(chunks.map((chunk) => chunk.text).join('|')).toContain(word.slice(0, 4));
  });

  it('returns one chunk for a short text, none for blank text', () => {
    expect(chunkText('  Just one sentence.\n', tokenizer, { chunkTokens: 254, overlapTokens: 32 })).toEqual([
      { index: 0, text: 'Just one sentence.', start: 2, end: 20, tokens: 4 },
    ]);
    expect(chunkText(' \n\t ', tokenizer, { chunkTokens: 254, overlapTokens: 32 })).toEqual([]);
  });

  it.each([
    [0, 0],
    [10, 10],
    [10, -1],
    [10.5, 2],
  ])('refuses chunkTokens %d with overlapTokens %d', (chunkTokens, overlapTokens) => {
    expect(() => chunkText('text', tokenizer, { chunkTokens, overlapTokens })).toThrow(RangeError);
  });
});
