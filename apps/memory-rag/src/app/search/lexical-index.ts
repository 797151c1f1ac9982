import MiniSearch, { type AsPlainObject } from 'minisearch';

interface ChunkDocument {
  id: number;
  text: string;
}

/**
 * Per query, the most postings (chunk-term pairs) minisearch may score. minisearch scores every
 * chunk holding any query term, so one very common term costs a pass over most of the index
 * (17 ms at 10k chunks) while adding little to BM25 (its IDF is small). Terms are kept rarest
 * first while their document frequencies fit the budget (the rarest always), so small indexes
 * get exact BM25 and large ones drop only their most common query terms, as stop words.
 */
export const MAX_QUERY_POSTINGS = 5000;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
const processTerm = (term: string) => term.toLowerCase();
// Exact terms only (no prefix or fuzzy matching): rare words must keep their BM25 weight.
const OPTIONS = { fields: ['text'], storeFields: [], tokenize, processTerm, searchOptions: { combineWith: 'OR' as const } };

interface LexicalFile {
  documentFrequency: Array<[string, number]>;
  engine: AsPlainObject;
}

/** The lexical half: BM25 over chunk texts with minisearch (texts are indexed, not stored). */
export class LexicalIndex {
  private constructor(
    private readonly engine: MiniSearch<ChunkDocument>,
    private readonly documentFrequency: Map<string, number>,
  ) {}

  static create(): LexicalIndex {
    return new LexicalIndex(new MiniSearch<ChunkDocument>(OPTIONS), new Map());
  }

  static fromJson(json: string): LexicalIndex {
    const file = JSON.parse(json) as LexicalFile;
    return new LexicalIndex(MiniSearch.loadJS<ChunkDocument>(file.engine, OPTIONS), new Map(file.documentFrequency));
  }

  get size(): number {
    return this.engine.documentCount;
  }

  add(chunks: readonly ChunkDocument[]): void {
    this.engine.addAll(chunks.map(({ id, text }) => ({ id, text })));
    for (const { text } of chunks) {
      for (const term of termsOf(text)) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    }
  }

  /** Up to `n` ids, best BM25 score first. */
  search(text: string, n: number): number[] {
    const terms = this.affordableTerms(text);
    if (terms.length === 0) return [];
    return this.engine
      .search(terms.join(' '))
      .slice(0, n)
      .map((hit) => hit.id as number);
  }

  toJson(): string {
    const file: LexicalFile = { documentFrequency: [...this.documentFrequency], engine: this.engine.toJSON() };
    return JSON.stringify(file);
  }

  private affordableTerms(text: string): string[] {
    const known = [...termsOf(text)].map((term) => ({ term, df: this.documentFrequency.get(term) ?? 0 })).filter(({ df }) => df > 0);
    known.sort((a, b) => a.df - b.df);
    const kept: string[] = [];
    let postings = 0;
    for (const { term, df } of known) {
      if (kept.length > 0 && postings + df > MAX_QUERY_POSTINGS) break;
      kept.push(term);
      postings += df;
    }
    return kept;
  }
}

function termsOf(text: string): Set<string> {
  return new Set(tokenize(text).map(processTerm).filter((term) => term.length > 0));
}
