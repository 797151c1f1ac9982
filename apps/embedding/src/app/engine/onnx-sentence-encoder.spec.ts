import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { MINI_BERT, bertOnnxModel } from '@lamini/testing';
import { OnnxSentenceEncoder } from './onnx-sentence-encoder';

const SENTENCES = [
  'The cat sat on the mat.',
  'A quick brown fox jumps over the lazy dog near the river bank at dawn.',
  'Embeddings map text to vectors.',
  'Hi',
];

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

/** On a small BERT generated with the real all-MiniLM-L6-v2 graph interface and tokenizer. */
describe('OnnxSentenceEncoder', () => {
  let dir: string;
  let encoder: OnnxSentenceEncoder;
  const embed = (texts: string[]) => encoder.embedTokens(texts.map((t) => encoder.tokenize(t)));

  beforeAll(async () => {
    dir = bertOnnxModel();
    encoder = await OnnxSentenceEncoder.load(dir, 1);
  });

  afterAll(() => encoder.release());

  it('gives unit vectors of the model\u2019s dimension', async () => {
    for (const vector of await embed(SENTENCES)) {
      expect(vector).toHaveLength(MINI_BERT.hidden);
      expect(norm(vector)).toBeCloseTo(1, 6);
    }
  });

  it('gives the same vectors in a batch as one by one, so padding changes nothing', async () => {
    const batched = await embed(SENTENCES);
    for (const [i, sentence] of SENTENCES.entries()) {
      const [alone] = await embed([sentence]);
      const diff = Math.max(...alone.map((x, d) => Math.abs(x - batched[i][d])));
      expect(diff).toBeLessThan(1e-5);
    }
  });

  it('pools exactly as an independent mean over the model\u2019s token outputs', async () => {
    const text = SENTENCES[1];
    const session = await ort.InferenceSession.create(join(dir, 'onnx/model.onnx'));
    const ids = encoder.tokenize(text);
    const shape = [1, ids.length];
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), shape),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), shape),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), shape),
    });
    const tokens = Array.from(out['last_hidden_state'].data as Float32Array);
    const width = MINI_BERT.hidden;
    const mean = Array.from({ length: width }, (_, d) => ids.reduce((sum, _id, t) => sum + tokens[t * width + d], 0) / ids.length);
    const length = Math.hypot(...mean);
    const [vector] = await embed([text]);
    mean.forEach((x, d) => expect(vector[d]).toBeCloseTo(x / length, 5));
    await session.release();
  });

  it('gives identical texts identical vectors, and texts sharing most words closer vectors than unrelated ones', async () => {
    const [a, again, near, far] = await embed([
      'The cat sat on the mat.',
      'The cat sat on the mat.',
      'The cat sat on the red mat.',
      'Quarterly revenue grew in every region.',
    ]);
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(cosine(a, near)).toBeGreaterThan(cosine(a, far));
  });

  it('tokenizes as BERT uncased does, and truncates at the model\u2019s max length, keeping the closing special token', () => {
    expect(encoder.tokenize('Hello World')).toEqual([101, 7592, 2088, 102]);
    const ids = encoder.tokenize('word '.repeat(1000));
    expect(ids).toHaveLength(MINI_BERT.maxSeqLength);
    expect(ids[0]).toBe(101);
    expect(ids.at(-1)).toBe(102);
  });
});
