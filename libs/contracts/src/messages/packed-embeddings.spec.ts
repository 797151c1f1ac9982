import { embeddingResponse, packEmbeddings, unpackEmbeddings } from './packed-embeddings';

describe('packed embeddings', () => {
  const vectors = [Float32Array.of(0.1, -0.2, 0.3), Float32Array.of(1e-8, 2, -3.5)];

  it('unpack to exactly the float32 values packed, through JSON', () => {
    const packed = JSON.parse(JSON.stringify(packEmbeddings(vectors, false)));
    expect(unpackEmbeddings(packed).map((v) => Array.from(v))).toEqual(vectors.map((v) => Array.from(v)));
  });

  it('answer a string with one vector and a list with a list', () => {
    expect(embeddingResponse(packEmbeddings(vectors.slice(0, 1), true)).embedding).toEqual(Array.from(vectors[0]));
    expect(embeddingResponse(packEmbeddings(vectors, false)).embedding).toHaveLength(2);
  });
});
