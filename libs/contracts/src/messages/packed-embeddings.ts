/**
 * Vectors as they cross the transport: float32, little-endian, base64 in one string. A third
 * of the size of the same numbers as JSON (which would spell each float32 out to 17 digits),
 * no precision lost, and cheap to pack and unpack; services that consume embeddings get
 * Float32Arrays back directly.
 */
export interface PackedEmbeddings {
  dimension: number;
  count: number;
  /** Whether the request was one string (answered with one vector, not a list). */
  single: boolean;
  data: string;
  /** Tokens the model read for all the texts, when the engine counts them. */
  tokens?: number;
}

export function packEmbeddings(vectors: Float32Array[], single: boolean): PackedEmbeddings {
  const dimension = vectors[0]?.length ?? 0;
  const flat = new Float32Array(vectors.length * dimension);
  vectors.forEach((v, i) => flat.set(v, i * dimension));
  return { dimension, count: vectors.length, single, data: Buffer.from(flat.buffer).toString('base64') };
}

export function unpackEmbeddings(packed: PackedEmbeddings): Float32Array[] {
  const bytes = Buffer.from(packed.data, 'base64');
  const flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Array.from({ length: packed.count }, (_, i) => flat.subarray(i * packed.dimension, (i + 1) * packed.dimension));
}

/** The spec's EmbeddingResponse: one list of numbers for a string, a list of lists for a list. */
export function embeddingResponse(packed: PackedEmbeddings): { embedding: number[] | number[][] } {
  const vectors = unpackEmbeddings(packed).map((v) => Array.from(v));
  return { embedding: packed.single ? vectors[0] : vectors };
}
