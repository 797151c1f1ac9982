import { readFile, writeFile } from 'node:fs/promises';
import { DenseConfidence } from './dense-confidence';
import type { DenseIndex } from './dense-index';
import { ExactDenseIndex } from './exact-dense-index';
import { HnswDenseIndex } from './hnsw-dense-index';
import { type DenseSettings, type HybridIndexOptions, denseSettings } from './hybrid-options';
import { IndexFilesError, readManifest, saveGeneration, verifiedPath } from './index-files';
import { LexicalIndex } from './lexical-index';
import { type FusedHit, reciprocalRankFusion } from './rrf';

export interface IndexedChunk {
  id: number;
  text: string;
  vector: Float32Array;
}

export interface HybridQuery {
  text: string;
  vector: Float32Array;
}

export type HybridHit = FusedHit;

interface ManifestBody {
  settings: DenseSettings;
  count: number;
}

/** How many candidates each half contributes to the fusion for `k` results. */
export function candidatesPerSide(k: number): number {
  return Math.max(k * 4, 50);
}

/**
 * The chunk index of one memory-RAG job: dense nearest neighbours (usearch, cosine; see
 * INDEX_TYPE_MAPPING for how FAISS index types map onto it) and BM25 (minisearch), fused by
 * Reciprocal Rank Fusion, the dense list weighted by how far it stands out from noise (see
 * DenseConfidence). Persisted as one folder that replicas load from files only.
 */
export class HybridIndex {
  private readonly idSet: Set<number>;

  private constructor(
    readonly settings: DenseSettings,
    private readonly dense: DenseIndex,
    private readonly lexical: LexicalIndex,
    private readonly confidence: DenseConfidence,
    /** Chunk ids in insertion order (the exact index's matrix rows). */
    private readonly ids: number[],
  ) {
    this.idSet = new Set(ids);
  }

  static create(options: HybridIndexOptions = {}): HybridIndex {
    const settings = denseSettings(options);
    const dense = settings.search === 'exact' ? new ExactDenseIndex(settings.dimensions) : new HnswDenseIndex(settings);
    return new HybridIndex(settings, dense, LexicalIndex.create(), DenseConfidence.create(settings.dimensions), []);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.idSet.has(id);
  }

  /** Indexes the chunks not yet present (a repeated id is skipped); returns how many were added. */
  add(chunks: readonly IndexedChunk[]): number {
    const { dimensions } = this.settings;
    const fresh: IndexedChunk[] = [];
    const seen = new Set<number>();
    for (const chunk of chunks) {
      if (!Number.isSafeInteger(chunk.id) || chunk.id < 0) throw new Error(`chunk id must be a non-negative integer, got ${chunk.id}`);
      if (chunk.vector.length !== dimensions) throw new Error(`chunk ${chunk.id} has a ${chunk.vector.length}-dimensional vector, the index holds ${dimensions}`);
      if (this.idSet.has(chunk.id) || seen.has(chunk.id)) continue;
      seen.add(chunk.id);
      fresh.push(chunk);
    }
    if (fresh.length === 0) return 0;
    const matrix = new Float32Array(fresh.length * dimensions);
    fresh.forEach((chunk, i) => matrix.set(chunk.vector, i * dimensions));
    const ids = fresh.map((chunk) => chunk.id);
    this.dense.add(ids, matrix);
    this.lexical.add(fresh);
    for (const chunk of fresh) this.confidence.offer(chunk.vector);
    for (const id of ids) {
      this.ids.push(id);
      this.idSet.add(id);
    }
    return fresh.length;
  }

  search(query: HybridQuery, k: number): HybridHit[] {
    if (query.vector.length !== this.settings.dimensions) throw new Error(`query vector has ${query.vector.length} dimensions, the index holds ${this.settings.dimensions}`);
    const n = candidatesPerSide(k);
    const dense = this.dense.search(query.vector, n);
    const weight = dense.ids.length === 0 ? 1 : this.confidence.weight(query.vector, dense.similarities[0], this.size);
    return reciprocalRankFusion(dense.ids, this.lexical.search(query.text, n), k, { dense: weight, lexical: 1 });
  }

  /** The dense half alone: up to `n` ids, nearest first. */
  searchDense(vector: Float32Array, n: number): number[] {
    return this.dense.search(vector, n).ids;
  }

  /** The lexical half alone: up to `n` ids, best BM25 first. */
  searchLexical(text: string, n: number): number[] {
    return this.lexical.search(text, n);
  }

  /** Writes a new generation into `dir` and switches to it atomically (see saveGeneration). */
  async save(dir: string): Promise<void> {
    const idBytes = Float64Array.from(this.ids);
    await saveGeneration<ManifestBody>(
      dir,
      [
        { role: 'ids', ext: 'f64', write: (path) => writeFile(path, bytesOf(idBytes)) },
        { role: 'dense', ext: this.settings.search === 'exact' ? 'f32' : 'usearch', write: (path) => this.dense.save(path) },
        { role: 'lexical', ext: 'json', write: (path) => writeFile(path, this.lexical.toJson()) },
        { role: 'sample', ext: 'f32', write: (path) => writeFile(path, bytesOf(this.confidence.sampleMatrix())) },
      ],
      { settings: this.settings, count: this.ids.length },
    );
  }

  /** Loads the generation `dir/manifest.json` names; throws IndexFilesError when a file is missing or corrupt. */
  static async load(dir: string): Promise<HybridIndex> {
    const manifest = await readManifest<ManifestBody>(dir);
    const { settings, count } = manifest.body ?? {};
    if (!settings || !Number.isInteger(count)) throw new IndexFilesError(`hybrid index in ${dir}: manifest has no settings or count`);
    const idsPath = await verifiedPath(dir, manifest, 'ids');
    const densePath = await verifiedPath(dir, manifest, 'dense');
    const lexicalPath = await verifiedPath(dir, manifest, 'lexical');
    const samplePath = await verifiedPath(dir, manifest, 'sample');
    const ids = Array.from(new Float64Array(copyOut(await readFile(idsPath))));
    const restored = denseSettings({ dimensions: settings.dimensions, indexType: settings.indexType, hnswM: settings.connectivity, efConstruction: settings.expansionAdd, efSearch: settings.expansionSearch });
    const dense = restored.search === 'exact' ? ExactDenseIndex.load(restored.dimensions, densePath, ids) : HnswDenseIndex.load(restored, densePath);
    const lexical = LexicalIndex.fromJson(await readFile(lexicalPath, 'utf8'));
    if (ids.length !== count || dense.size !== count || lexical.size !== count) {
      throw new IndexFilesError(`hybrid index in ${dir} is inconsistent: manifest ${count} chunks, ids ${ids.length}, dense ${dense.size}, lexical ${lexical.size}`);
    }
    const confidence = DenseConfidence.fromMatrix(restored.dimensions, new Float32Array(copyOut(await readFile(samplePath))));
    return new HybridIndex(restored, dense, lexical, confidence, ids);
  }
}

function bytesOf(array: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** An ArrayBuffer of exactly the file's bytes (a Buffer may sit at any offset of a shared pool). */
function copyOut(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
