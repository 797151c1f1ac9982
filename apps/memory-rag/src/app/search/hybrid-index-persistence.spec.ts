import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexType } from '@lamini/contracts';
import { HybridIndex, type IndexedChunk } from './hybrid-index';
import { IndexFilesError, MANIFEST_FILE, saveGeneration } from './index-files';
import { clusteredVectors, jitter, seededRandom, syntheticTexts, syntheticVocabulary } from '@lamini/testing';

const DIM = 384;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function chunksOf(count: number, seed: number, firstId = 0): IndexedChunk[] {
  const data = clusteredVectors(count, DIM, 10, seed);
  return syntheticTexts(count, syntheticVocabulary(1000), seed).map((text, i) => ({ id: firstId + i, text, vector: data.row(i) }));
}

function queries(chunks: IndexedChunk[]) {
  const random = seededRandom(11);
  return Array.from({ length: 20 }, (_, q) => {
    const chunk = chunks[(q * 37) % chunks.length];
    return { text: chunk.text.split(' ').slice(0, 4).join(' '), vector: jitter(chunk.vector, 0.02, random) };
  });
}

function manifestFile(role: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { files: Record<string, { name: string }> };
  return join(dir, manifest.files[role].name);
}

describe('HybridIndex save/load', () => {
  it.each<IndexType>(['IndexHNSWFlat', 'IndexFlatL2', 'IndexIVFPQ'])('gives identical results after a round trip (%s)', async (indexType) => {
    const chunks = chunksOf(600, 1);
    const index = HybridIndex.create({ indexType, efSearch: 40 });
    index.add(chunks);
    await index.save(dir);
    const loaded = await HybridIndex.load(dir);
    expect(loaded.size).toBe(600);
    expect(loaded.settings).toEqual(index.settings);
    for (const query of queries(chunks)) expect(loaded.search(query, 10)).toEqual(index.search(query, 10));
  });

  it('keeps add idempotent across a reload, and saves again over the old files', async () => {
    const chunks = chunksOf(300, 2);
    const index = HybridIndex.create();
    index.add(chunks.slice(0, 200));
    await index.save(dir);
    const loaded = await HybridIndex.load(dir);
    expect(loaded.add(chunks)).toBe(100);
    await loaded.save(dir);
    await loaded.save(dir);
    const again = await HybridIndex.load(dir);
    expect(again.size).toBe(300);
    // The current and the previous generation remain (a replica may be reading the previous).
    expect(readdirSync(dir).filter((f) => f.startsWith('dense-'))).toHaveLength(2);
    for (const query of queries(chunks)) expect(again.search(query, 5)).toEqual(loaded.search(query, 5));
  });

  it('loads the previous state when a save dies before switching the manifest', async () => {
    const chunks = chunksOf(200, 3);
    const index = HybridIndex.create();
    index.add(chunks);
    await index.save(dir);
    const before = index.search(queries(chunks)[0], 10);
    const crash = saveGeneration(dir, [{ role: 'dense', ext: 'usearch', write: (path) => writeFileSync(path, 'half a file') }, { role: 'lexical', ext: 'json', write: () => { throw new Error('killed'); } }], {});
    await expect(crash).rejects.toThrow('killed');
    expect((await HybridIndex.load(dir)).search(queries(chunks)[0], 10)).toEqual(before);
  });

  it('says clearly when there is no index, or a file is missing or corrupt', async () => {
    await expect(HybridIndex.load(join(dir, 'nothing'))).rejects.toThrow(/no hybrid index in .*cannot read manifest.json/);
    const index = HybridIndex.create();
    index.add(chunksOf(100, 4));
    await index.save(dir);

    const dense = manifestFile('dense');
    const bytes = readFileSync(dense);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(dense, bytes);
    await expect(HybridIndex.load(dir)).rejects.toThrow(/dense file dense-.*\.usearch is corrupt \(checksum mismatch\)/);
    truncateSync(dense, 100);
    await expect(HybridIndex.load(dir)).rejects.toThrow(/dense file .* is corrupt \(100 bytes, \d+ expected\)/);
    rmSync(dense);
    await expect(HybridIndex.load(dir)).rejects.toThrow(/dense file .* is missing/);

    writeFileSync(join(dir, MANIFEST_FILE), '{"format": "memory-rag-hybrid-ind');
    const error = await HybridIndex.load(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexFilesError);
    expect((error as Error).message).toMatch(/manifest.json is not valid JSON/);
  });
});
