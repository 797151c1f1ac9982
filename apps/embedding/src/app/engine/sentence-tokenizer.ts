import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';

/**
 * The model's own tokenizer (its `tokenizer.json`), truncating like Hugging Face's: content
 * is cut so that the special tokens still fit within `maxLength`.
 */
export class SentenceTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
  ) {}

  /** `config` is the model's `tokenizer_config.json`, which the caller has read already. */
  static async load(dir: string, config: object, maxLength: number): Promise<SentenceTokenizer> {
    const { Tokenizer } = await import('@huggingface/tokenizers');
    const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
    return new SentenceTokenizer(new Tokenizer(json, config), maxLength);
  }

  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxLength) return ids;
    // "[CLS] content [SEP]": keep the first content tokens and the closing special token.
    return [...ids.slice(0, this.maxLength - 1), ids[ids.length - 1]];
  }
}
