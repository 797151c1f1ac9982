import type { ModelType } from '@lamini/contracts';
import type { HubFile } from './hub-client';

export class NothingToDownloadError extends Error {}

const QUANT_TAG = /(?:^|[-_.])((?:I?Q\d(?:_[A-Z0-9]+)*)|BF16|F16|F32)(?=[-_.])/i;
const SHARD = /-\d{5}-of-\d{5}\.gguf$/;

/** The files of a sentence-transformers export that the embedding engine reads, besides the model. */
const EMBEDDING_REQUIRED = ['onnx/model.onnx', 'tokenizer.json', 'config.json'];
const EMBEDDING_OPTIONAL = [
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  '1_Pooling/config.json',
];

export function quantisationOf(path: string): string | null {
  const match = path.split('/').pop()!.match(QUANT_TAG);
  return match ? match[1].toUpperCase() : null;
}

/**
 * Picks what the engine needs from a repository: one GGUF (every shard of it) for a
 * transformer, chosen by the quantisation preference; the ONNX export, tokenizer and config
 * for an embedding model.
 */
export function selectFiles(files: HubFile[], modelType: ModelType, ggufPreference: string[]): HubFile[] {
  return modelType === 'transformer' ? selectGguf(files, ggufPreference) : selectEmbedding(files);
}

function selectGguf(files: HubFile[], preference: string[]): HubFile[] {
  const ggufs = files.filter((f) => f.path.endsWith('.gguf') && !/mmproj/i.test(f.path));
  if (ggufs.length === 0) throw new NothingToDownloadError('the repository has no GGUF file; a transformer needs one');
  const variants = new Map<string, HubFile[]>();
  for (const file of ggufs) {
    const key = file.path.replace(SHARD, '.gguf');
    variants.set(key, [...(variants.get(key) ?? []), file]);
  }
  const rank = (key: string) => {
    const index = preference.indexOf(quantisationOf(key) ?? '');
    return index === -1 ? preference.length : index;
  };
  const [best] = [...variants.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return variants.get(best)!.sort((a, b) => a.path.localeCompare(b.path));
}

function selectEmbedding(files: HubFile[]): HubFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const missing = EMBEDDING_REQUIRED.filter((path) => !byPath.has(path));
  if (missing.length) {
    throw new NothingToDownloadError(`the repository lacks ${missing.join(', ')}; an embedding model needs an ONNX export`);
  }
  return [...EMBEDDING_REQUIRED, ...EMBEDDING_OPTIONAL].flatMap((path) => (byPath.has(path) ? [byPath.get(path)!] : []));
}
