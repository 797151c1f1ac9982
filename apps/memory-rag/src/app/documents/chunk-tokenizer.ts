import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Counts the embedding model's tokens in a text, without the special tokens it adds around it. */
export interface ChunkTokenizer {
  countTokens(text: string): number;
}

/**
 * The embedding model's own tokenizer from its `tokenizer.json` (and the `tokenizer_config.json`
 * beside it, when there is one).
 */
export async function loadChunkTokenizer(tokenizerJsonPath: string): Promise<ChunkTokenizer> {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const configPath = join(dirname(tokenizerJsonPath), 'tokenizer_config.json');
  const config: object = existsSync(configPath) ? JSON.parse(await readFile(configPath, 'utf8')) : {};
  const tokenizer = new Tokenizer(JSON.parse(await readFile(tokenizerJsonPath, 'utf8')), config);
  return { countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length };
}
