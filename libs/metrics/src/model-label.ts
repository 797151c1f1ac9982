import { basename, dirname } from 'node:path';

/** Model file names that say nothing of the model (a trained model's, an ONNX export's): their folder names it. */
const GENERIC_STEMS = new Set(['model', 'model_quantized']);
const MODEL_FILE = /\.(gguf|onnx|bin|safetensors)$/i;
const MAX_LENGTH = 80;

/**
 * A model name or path reduced to the model's name, for a metric label: a folder's name, or a
 * model file's stem. The set of values is then bounded by the models on disk, whatever paths
 * or names requests carried.
 */
export function modelLabel(nameOrPath: string): string {
  const path = nameOrPath.replace(/[\\/]+$/, '');
  let name = basename(path);
  if (MODEL_FILE.test(name)) {
    name = name.replace(MODEL_FILE, '');
    if (GENERIC_STEMS.has(name.toLowerCase())) {
      let folder = dirname(path);
      if (basename(folder) === 'onnx') folder = dirname(folder);
      name = basename(folder) || name;
    }
  }
  name = name.replace(/[^\w.-]/g, '_').slice(0, MAX_LENGTH);
  return name || 'unknown';
}
