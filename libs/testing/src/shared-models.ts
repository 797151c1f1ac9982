import { join, resolve } from 'node:path';

/** `../shared/models` beside the repository, or wherever SHARED_MODELS_DIR points. */
export const SHARED_MODELS_DIR = resolve(process.env.SHARED_MODELS_DIR ?? join(__dirname, '../../../../shared/models'));

export const STORIES_260K_GGUF = join(SHARED_MODELS_DIR, 'stories260K/stories260K.gguf');
