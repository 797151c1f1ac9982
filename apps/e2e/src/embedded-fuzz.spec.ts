import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SERVED_SPEC } from '@lamini/contracts';
import { PrismaService } from '@lamini/persistence';
import { GENERATED_MODELS_DIR, SHARED_MODELS_DIR } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { type FuzzRequest, everyOperation } from './support/fuzz-requests';
import { type RawResponse, rawRequest } from './support/raw-http';

const KEY = 'lmn_embedded_fuzz_key';
/** Fixed so CI sees the same cases every run; set FUZZ_SEED to explore others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 80);

/** Codes the Lamini SDK reads as the caller's problem though they are not 4xx: model not found, model still downloading. */
const SDK_CLIENT_CODES = [594, 513];

/** What is wrong with an answer, or null when it is one a client can act on. */
function problemWith(pathTemplate: string, res: RawResponse): string | null {
  if (res.status >= 200 && res.status < 300) return null;
  let body: { detail?: unknown };
  try {
    body = JSON.parse(res.text);
  } catch {
    return `${res.status} without a JSON body: ${res.text.slice(0, 200)}`;
  }
  if (!(res.status >= 400 && res.status < 500) && !SDK_CLIENT_CODES.includes(res.status)) return `${res.status}: ${res.text.slice(0, 300)}`;
  const detail = body.detail;
  if (typeof detail === 'string' && detail.trim()) return null;
  const issues = Array.isArray(detail) && detail.length > 0 && detail.every((i) => Array.isArray(i?.loc) && typeof i?.msg === 'string' && i.msg && typeof i?.type === 'string');
  return issues ? null : `${res.status} whose detail names no problem: ${res.text.slice(0, 300)}`;
}

/** Models whose files no engine can read: a GGUF of random bytes, an ONNX export of junk. */
function brokenModelsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lamini-broken-models-'));
  mkdirSync(join(dir, 'broken-llama'));
  writeFileSync(join(dir, 'broken-llama/broken-llama.gguf'), Buffer.from('not a GGUF file at all, just bytes'.repeat(100)));
  mkdirSync(join(dir, 'acme/broken-embedder/onnx'), { recursive: true });
  writeFileSync(join(dir, 'acme/broken-embedder/onnx/model.onnx'), 'not protobuf');
  writeFileSync(join(dir, 'acme/broken-embedder/tokenizer.json'), '{}');
  writeFileSync(join(dir, 'acme/broken-embedder/tokenizer_config.json'), '{}');
  return dir;
}

/**
 * Property-based fuzzing of every operation of the served spec, through HTTP on the embedded
 * platform with its real engines: malformed and deeply nested JSON, wrong types, NUL and other
 * hostile characters in every string, edge numbers, junk ids. No answer may be a 500 (or any
 * 5xx but the SDK's own codes), every refusal must name its problem, a refused request must
 * store nothing, and the server must still answer afterwards.
 */
describe('no input reaches a 500: fuzzing the gateway on the embedded platform', () => {
  let platform: EmbeddedPlatform;
  let prisma: PrismaService;

  beforeAll(async () => {
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR},${brokenModelsDir()}`,
      // Hub downloads started by fuzzed requests fail at once, on this machine.
      HF_ENDPOINT: 'http://127.0.0.1:9',
      INFERENCE_GPU: 'off',
      EMBEDDING_GPU: 'off',
      INFERENCE_MAX_NEW_TOKENS: '8',
      INFERENCE_BATCH_CONCURRENCY: '1',
      INFERENCE_STREAM_ABANDON_MS: '1000',
    });
    prisma = platform.app.get(PrismaService);
  });

  /** How often each operation answered each status; printed with FUZZ_REPORT set, to see how far generated requests get. */
  const statuses = new Map<string, Map<number, number>>();
  afterAll(async () => {
    if (process.env.FUZZ_REPORT) {
      const report = Object.fromEntries([...statuses].map(([op, counts]) => [op, Object.fromEntries(counts)]));
      process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
    }
    await platform?.stop();
  });

  const rowCounts = async () => [await prisma.job.count(), await prisma.model.count(), await prisma.classifierProject.count(), await prisma.classifierExample.count()];

  async function send(request: FuzzRequest): Promise<RawResponse> {
    const headers: Record<string, string> = { Authorization: `Bearer ${KEY}` };
    if (request.contentType) headers['Content-Type'] = request.contentType;
    return rawRequest(platform.baseUrl, { method: request.method, path: request.path, headers, body: request.body });
  }

  /** Sends the request and fails with the request and answer when the answer is not acceptable. */
  async function expectHandled(pathTemplate: string, request: FuzzRequest): Promise<RawResponse> {
    const before = await rowCounts();
    const res = await send(request);
    const counts = statuses.get(pathTemplate) ?? new Map<number, number>();
    statuses.set(pathTemplate, counts.set(res.status, (counts.get(res.status) ?? 0) + 1));
    const problem = problemWith(pathTemplate, res);
    if (problem) throw new Error(`${request.method} ${request.path.slice(0, 200)} ${request.body?.slice(0, 300) ?? ''}\n→ ${problem}`);
    if (res.status >= 300) expect({ refused: res.status, rows: await rowCounts() }).toEqual({ refused: res.status, rows: before });
    return res;
  }

  describe.each(everyOperation(SERVED_SPEC).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', (_, op) => {
    it(`answers ${RUNS_PER_OPERATION} generated requests with a success or a refusal that names the problem`, async () => {
      await fc.assert(
        fc.asyncProperty(op.requests, async (request) => {
          await expectHandled(op.path, request);
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true },
      );
    });
  });

  describe('regressions', () => {
    it('refuses a body of 5,000 nested arrays with 422 on every operation that takes one', async () => {
      const deep = '['.repeat(5_000) + ']'.repeat(5_000);
      for (const op of everyOperation(SERVED_SPEC).filter((o) => o.operation.requestBody)) {
        const res = await expectHandled(op.path, { method: op.method.toUpperCase(), path: op.path.replace(/\{[^}]+\}/g, 'abc'), contentType: 'application/json', body: deep });
        expect([op.path, res.status, JSON.parse(res.text).detail[0]]).toEqual([op.path, 422, expect.objectContaining({ type: 'json_too_deep', loc: ['body'] })]);
      }
    });

    it('refuses NUL in a path id and in a batch prompt with 422, storing no job', async () => {
      const byId = await expectHandled('/v1/batch_completions/{id}/result', { method: 'GET', path: '/v1/batch_completions/ab%00cd/result' });
      expect([byId.status, JSON.parse(byId.text).detail[0]]).toEqual([422, expect.objectContaining({ loc: ['path', 'id'], type: 'string_unstorable' })]);
      const batch = await expectHandled('/v1/batch_completions', {
        method: 'POST',
        path: '/v1/batch_completions',
        contentType: 'application/json',
        body: JSON.stringify({ model_name: 'stories260K', prompt: ['fine', 'nul\u0000here'] }),
      });
      expect([batch.status, JSON.parse(batch.text).detail[0]]).toEqual([422, expect.objectContaining({ loc: ['body', 'prompt', 1], type: 'string_unstorable' })]);
    });

    it.each(['#', '1e309'])('refuses a hub download of %j with 422, and lists nothing new', async (name) => {
      const res = await expectHandled('/v1alpha/downloaded_models', {
        method: 'POST',
        path: '/v1alpha/downloaded_models',
        contentType: 'application/json',
        body: JSON.stringify({ hf_model_name: name }),
      });
      expect([res.status, JSON.parse(res.text).detail[0].loc]).toEqual([422, ['body', 'hf_model_name']]);
      const list = JSON.parse((await send({ method: 'GET', path: '/v1alpha/downloaded_models' })).text) as Array<{ model_name: string }>;
      expect(list.map((m) => m.model_name)).not.toContain(name);
    });

    it('refuses max_new_tokens of 1e309 (Infinity once parsed) with 422', async () => {
      const res = await expectHandled('/v2/completions', {
        method: 'POST',
        path: '/v2/completions',
        contentType: 'application/json',
        body: '{"model_name": "stories260K", "prompt": "Once", "max_new_tokens": 1e309}',
      });
      expect([res.status, JSON.parse(res.text).detail[0].loc]).toEqual([422, ['body', 'max_new_tokens']]);
    });

    it('answers a prompt of 2 MB, far past the model\u2019s context, without a 500', async () => {
      const res = await expectHandled('/v2/completions', {
        method: 'POST',
        path: '/v2/completions',
        contentType: 'application/json',
        body: JSON.stringify({ model_name: 'stories260K', prompt: 'Once upon a time '.repeat(120_000), max_new_tokens: 4 }),
      });
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('models no engine can read', () => {
    it.each([
      ['/v2/completions', { model_name: 'broken-llama', prompt: 'Once' }, /^broken-llama\.gguf could not be loaded by llama\.cpp: ./],
      ['/v1/embedding', { model_name: 'acme/broken-embedder', prompt: 'Once' }, /^acme\/broken-embedder could not be loaded for embedding: ./],
    ])('%s answers a 500 that says which model failed and why, never a bare one', async (path, body, detail) => {
      const res = await send({ method: 'POST', path, contentType: 'application/json', body: JSON.stringify(body) });
      expect([res.status, JSON.parse(res.text).detail]).toEqual([500, expect.stringMatching(detail)]);
    });
  });

  it('still answers its probes and a completion afterwards', async () => {
    expect((await send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    const res = await send({
      method: 'POST',
      path: '/v2/completions',
      contentType: 'application/json',
      body: JSON.stringify({ model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 4 }),
    });
    expect([res.status, JSON.parse(res.text).finish_reason]).toEqual([200, ['length']]);
  });
});
