import { exactSearch, MetricKind } from 'usearch';
import { HybridIndex, type IndexedChunk } from './hybrid-index';
import { INDEX_TYPE_MAPPING } from './index-type-mapping';
import { clusteredVectors, jitter, randomUnitVector, seededRandom, syntheticTexts, syntheticVocabulary } from '@lamini/testing';

const DIM = 384;
const ANISOTROPIC = randomUnitVector(DIM, seededRandom(99));

function chunksOf(count: number, seed: number): IndexedChunk[] {
  const data = clusteredVectors(count, DIM, 20, seed);
  const texts = syntheticTexts(count, syntheticVocabulary(2000), seed);
  return texts.map((text, i) => ({ id: 1000 + i, text, vector: data.row(i) }));
}

describe('HybridIndex search', () => {
  it('finds the dense nearest neighbours of clustered vectors (recall@10 against exact search)', () => {
    const chunks = chunksOf(3000, 1);
    const index = HybridIndex.create();
    index.add(chunks);
    const random = seededRandom(2);
    const matrix = new Float32Array(chunks.length * DIM);
    chunks.forEach((c, i) => matrix.set(c.vector, i * DIM));
    let found = 0;
    const queries = 50;
    for (let q = 0; q < queries; q++) {
      const vector = jitter(chunks[Math.floor(random() * chunks.length)].vector, 0.02, random);
      const truth = new Set(Array.from(exactSearch(matrix, vector, DIM, 10, MetricKind.Cos, 1).keys, (row) => chunks[Number(row)].id));
      found += index.searchDense(vector, 10).filter((id) => truth.has(id)).length;
    }
    expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('IndexFlatL2 is exact', () => {
    const chunks = chunksOf(500, 3);
    const index = HybridIndex.create({ indexType: 'IndexFlatL2' });
    index.add(chunks);
    const vector = chunks[42].vector;
    const cosine = (c: IndexedChunk) => c.vector.reduce((s, x, i) => s + x * vector[i], 0);
    const truth = [...chunks].sort((a, b) => cosine(b) - cosine(a)).slice(0, 10).map((c) => c.id);
    expect(index.searchDense(vector, 10)).toEqual(truth);
  });

  it.each([
    [2000, 'random unit vectors', (random: () => number) => randomUnitVector(DIM, random)],
    [30, 'random unit vectors', (random: () => number) => randomUnitVector(DIM, random)],
    // A random-weight encoder's embeddings all point much the same way.
    [2000, 'near-identical vectors', (random: () => number) => jitter(ANISOTROPIC, 0.01, random)],
    [30, 'near-identical vectors', (random: () => number) => jitter(ANISOTROPIC, 0.01, random)],
  ])('lets the lexical half carry retrieval over %i chunks with %s', (count, _, vectorOf) => {
    for (let seed = 0; seed < 5; seed++) {
      const random = seededRandom(seed);
      const texts = syntheticTexts(count, syntheticVocabulary(300), seed).map((t) => `${t} the`);
      const target = Math.floor(random() * count);
      texts[target] = `${texts[target]} quokka migrated to zanzibar`;
      const index = HybridIndex.create();
      index.add(texts.map((text, i) => ({ id: i, text, vector: vectorOf(random) })));
      const hits = index.search({ text: `where did the ${texts[0].split(' ')[0]} quokka go, zanzibar?`, vector: vectorOf(random) }, 10);
      expect(hits[0]).toMatchObject({ id: target, lexicalRank: 1 });
    }
  });

  it('reports each hit’s rank in both halves and its fused score', () => {
    const chunks = chunksOf(300, 5);
    const index = HybridIndex.create();
    index.add(chunks);
    const target = chunks[7];
    const hits = index.search({ text: target.text, vector: target.vector }, 5);
    expect(hits[0]).toMatchObject({ id: target.id, denseRank: 1, lexicalRank: 1 });
    // A query equal to a chunk's vector stands far out from noise: the dense list counts fully.
    expect(hits[0].score).toBeCloseTo(2 / 61, 12);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    for (const hit of hits) expect(hit.score).toBeCloseTo((hit.denseRank ? 1 / (60 + hit.denseRank) : 0) + (hit.lexicalRank ? 1 / (60 + hit.lexicalRank) : 0), 12);
  });

  it('skips ids already indexed, in a later call or the same one', () => {
    const chunks = chunksOf(200, 6);
    const index = HybridIndex.create();
    expect(index.add(chunks.slice(0, 150))).toBe(150);
    const before = index.search({ text: chunks[3].text, vector: chunks[3].vector }, 10);
    expect(index.add(chunks)).toBe(50);
    expect(index.add([...chunks, chunks[0]])).toBe(0);
    expect(index.size).toBe(200);
    const twice = HybridIndex.create();
    expect(twice.add([chunks[0], { ...chunks[0], text: 'other text' }])).toBe(1);
    expect(index.search({ text: chunks[3].text, vector: chunks[3].vector }, 10)[0]).toEqual(before[0]);
  });

  it('rejects a vector of the wrong size and a non-integer id before indexing anything', () => {
    const index = HybridIndex.create();
    const vector = new Float32Array(DIM);
    expect(() => index.add([{ id: 1, text: 'a', vector }, { id: 2, text: 'b', vector: new Float32Array(3) }])).toThrow(/3-dimensional/);
    expect(() => index.add([{ id: 1.5, text: 'a', vector }])).toThrow(/non-negative integer/);
    expect(index.size).toBe(0);
  });

  it('answers an empty index with no hits', () => {
    expect(HybridIndex.create().search({ text: 'anything', vector: randomUnitVector(DIM, seededRandom(7)) }, 5)).toEqual([]);
  });

  it.each(Object.keys(INDEX_TYPE_MAPPING))('builds and searches as %s', (indexType) => {
    const chunks = chunksOf(400, 8);
    const index = HybridIndex.create({ indexType: indexType as keyof typeof INDEX_TYPE_MAPPING, hnswM: 32, efConstruction: 16, efSearch: 8 });
    index.add(chunks);
    expect(index.settings.quantization).toBe(INDEX_TYPE_MAPPING[index.settings.indexType].usearch.quantization);
    expect(index.search({ text: chunks[9].text, vector: chunks[9].vector }, 3)[0].id).toBe(chunks[9].id);
  });
});
