import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { EFFECTIVE_SPEC, type JsonSchema, LAMINI_SPEC, ModelNotFoundError, RegistrySubjects, SERVED_SPEC, SPEC_AMENDMENTS, listSpecOperations } from '@lamini/contracts';
import { ApiKeyStore } from '@lamini/persistence';
import { SHARED_MODELS_DIR, pgliteInMemory } from '@lamini/testing';
import { ServiceClient } from '@lamini/transport';
import { createStandaloneApp } from '@lamini/app-standalone';
import { minimalRequests } from './support/spec-requests';

/** The embedded classifier's answers to the minimal requests, which name a project, job and model "x" that do not exist. */
const CLASSIFIER_ANSWERS: Record<string, number> = {
  'post /v2/classifier/initialize': 422,
  'post /v2/classifier/update_job': 422,
  'get /v2/classifier/{job_id}/status': 404,
  'post /v2/classifier/{model_id}/classify': 594,
  'get /v2/classifier/projects': 200,
};

describe('embedded mode through HTTP', () => {
  let app: NestExpressApplication;
  let key: string;
  const auth = () => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    process.env.MODEL_DIRS = SHARED_MODELS_DIR;
    // Downloads started by the routing checks must not leave this machine.
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9';
    process.env.INFERENCE_GPU = 'off';
    ({ app } = await createStandaloneApp({ database: pgliteInMemory(), apiKey: 'lmn_embedded_test_key', logger: false }));
    await app.init();
    key = 'lmn_embedded_test_key';
  });

  afterAll(() => app.close());

  describe('authentication', () => {
    it('answers 401 without a key, with a malformed header, and with an unknown key', async () => {
      for (const header of [undefined, 'lmn_embedded_test_key', 'Bearer lmn_wrong']) {
        const res = await request(app.getHttpServer())
          .get('/v1alpha/downloaded_models')
          .set(header ? { Authorization: header } : {});
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: expect.any(String) });
      }
    });

    it('lists the models on disk for a valid key, under both spellings of the path', async () => {
      for (const path of ['/v1alpha/downloaded_models', '/v1alpha/downloaded_models/']) {
        const res = await request(app.getHttpServer()).get(path).set(auth());
        expect(res.status).toBe(200);
        expect(res.body).toContainEqual(
          expect.objectContaining({ model_name: 'stories260K', model_type: 'transformer', status: 'DOWNLOADED' }),
        );
        expect(JSON.stringify(res.body)).not.toContain(SHARED_MODELS_DIR);
      }
    });

    it('stops accepting a key once it is revoked', async () => {
      const issued = await app.get(ApiKeyStore).issue('short-lived');
      const server = app.getHttpServer();
      expect((await request(server).get('/v1alpha/downloaded_models').set({ Authorization: `Bearer ${issued.key}` })).status).toBe(200);
      await app.get(ApiKeyStore).revoke(issued.key);
      await new Promise((r) => setTimeout(r, 5_100)); // the guard caches answers for AUTH_CACHE_MS (5 s)
      expect((await request(server).get('/v1alpha/downloaded_models').set({ Authorization: `Bearer ${issued.key}` })).status).toBe(401);
    });
  });

  describe('validation against the spec', () => {
    it('names every missing field of an empty completion request', async () => {
      const res = await request(app.getHttpServer()).post('/v2/completions').set(auth()).send({});
      expect(res.status).toBe(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toEqual([
        ['body', 'model_name'],
        ['body', 'prompt'],
      ]);
      expect(res.body.detail[0]).toMatchObject({ msg: 'Field required', type: 'missing' });
    });

    it('answers malformed JSON with 422, not 500', async () => {
      const res = await request(app.getHttpServer())
        .post('/v2/completions')
        .set({ ...auth(), 'Content-Type': 'application/json' })
        .send('{"model_name": "x", ');
      expect(res.status).toBe(422);
      expect(res.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body', expect.any(Number)], msg: 'JSON decode error' });
    });

    it('answers a body that is not JSON at all with 422', async () => {
      const res = await request(app.getHttpServer()).post('/v2/completions').set(auth()).set('Content-Type', 'text/plain').send('hello');
      expect(res.status).toBe(422);
      expect(res.body.detail[0]).toMatchObject({ loc: ['body'], type: 'missing' });
    });

    it('refuses a body past the size limit with 413', async () => {
      const res = await request(app.getHttpServer())
        .post('/v2/completions')
        .set(auth())
        .send({ model_name: 'x', prompt: 'y'.repeat(11 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ detail: 'Request body too large' });
    });

    it('changes nothing when a download request is invalid', async () => {
      const res = await request(app.getHttpServer()).post('/v1alpha/downloaded_models').set(auth()).send({ model_type: 'gpt' });
      expect(res.status).toBe(422);
      expect(res.body.detail.map((d: { loc: string[] }) => d.loc)).toEqual([['body', 'hf_model_name'], ['body', 'model_type']]);
      const list = await request(app.getHttpServer()).get('/v1alpha/downloaded_models').set(auth());
      expect(list.body.map((m: { model_name: string }) => m.model_name)).toEqual(['stories260K']);
    });
  });

  describe('routing', () => {
    const requests = minimalRequests(EFFECTIVE_SPEC);

    it('covers every operation of the committed spec', () => {
      expect(requests).toHaveLength(listSpecOperations(LAMINI_SPEC).length);
    });

    it.each(requests.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('routes %s', async (_, r) => {
      const server = app.getHttpServer();
      const res = await request(server)[r.method](r.url).set(auth()).send(r.body as object | undefined);
      // Not the router's own 404: every operation reaches a handler.
      expect(res.body).not.toEqual({ detail: 'Not Found' });
      if (['/v2/completions', '/v1/batch_completions', '/v3/streaming_completions'].includes(r.path)) {
        // Served by the embedded inference service, which asks the registry for model "x": 594 is the SDK's ModelNotFoundError.
        expect([res.status, res.body]).toEqual([594, { detail: 'Model not found: x' }]);
      } else if (r.path === '/v1/embedding') {
        // Served by the embedded embedding service; this suite's MODEL_DIRS has no embedding model.
        expect([res.status, res.body]).toEqual([594, { detail: 'Model not found: sentence-transformers/all-MiniLM-L6-v2' }]);
      } else if (/^\/v1\/batch_completions|^\/v3\/streaming/.test(r.path)) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toMatch(/^Job not found: /);
      } else if (r.path === '/v1/train') {
        // Served by the embedded trainer, which needs a dataset the minimal request lacks.
        expect([res.status, res.body.detail[0].loc]).toEqual([422, ['body', 'dataset_id']]);
      } else if (r.path.startsWith('/v1/train/jobs/')) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toMatch(/^Job not found: /);
      } else if (r.path === '/alpha/memory-rag/train') {
        // Served by the embedded memory-RAG service; a JSON body names no model and carries no document.
        expect([res.status, res.body.detail[0].loc]).toEqual([422, ['body', 'model_name']]);
      } else if (r.path.startsWith('/alpha/memory-rag/')) {
        expect(res.status).toBe(404);
        expect(res.body.detail).toMatch(/^Job not found: /);
      } else if (r.path.startsWith('/v2/classifier/')) {
        // Every other classifier operation names project "x": the SDK's ProjectNotFoundError.
        expect(res.status).toBe(CLASSIFIER_ANSWERS[`${r.method} ${r.path}`] ?? 499);
      } else if (r.method === 'post' && /^\/v1alpha\/downloaded_models/.test(r.path)) {
        // The registry refuses "x": not a model on disk, and not namespace/name as the hub needs.
        expect([res.status, res.body.detail[0].loc]).toEqual([422, ['body', 'hf_model_name']]);
      } else {
        expect(res.status).toBe(200);
      }
    });

    it('answers an unknown route with FastAPI\u2019s 404', async () => {
      const res = await request(app.getHttpServer()).get('/v9/nothing').set(auth());
      expect([res.status, res.body]).toEqual([404, { detail: 'Not Found' }]);
    });

    it('serves completions from stories260K in both the v2 and the SDK\u2019s v1 shape', async () => {
      const v2 = await request(app.getHttpServer())
        .post('/v2/completions')
        .set(auth())
        .send({ model_name: 'stories260K', prompt: ['Once upon a time', 'The little dog'], max_new_tokens: 5 });
      expect(v2.status).toBe(200);
      expect(v2.body).toEqual({ outputs: [{ output: expect.any(String) }, { output: expect.any(String) }], finish_reason: ['length', 'length'] });
      const v1 = await request(app.getHttpServer())
        .post('/v1/completions')
        .set(auth())
        .send({ model_name: 'stories260K', prompt: 'Once upon a time', output_type: { answer: 'str', score: 'int' }, max_new_tokens: 20 });
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual({ answer: expect.any(String), score: expect.any(Number) });
    });

    it('names an unknown output type with a 422', async () => {
      const res = await request(app.getHttpServer())
        .post('/v2/completions')
        .set(auth())
        .send({ model_name: 'stories260K', prompt: 'hi', output_type: { answer: 'text' } });
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'output_type', 'answer'], type: 'value_error' })]);
    });

    it('serves the SDK\u2019s version route', async () => {
      const res = await request(app.getHttpServer()).get('/v1/version');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ server: '1.13.6', client: expect.any(String) });
      expect(res.body.api).toContainEqual({ name: 'completions', path: '/v2/completions' });
    });
  });

  describe('documentation', () => {
    it('generates an OpenAPI document that matches the committed spec', async () => {
      const res = await request(app.getHttpServer()).get('/openapi.json');
      expect(res.status).toBe(200);
      const generated = res.body;
      for (const { method, path, operation } of listSpecOperations(SERVED_SPEC)) {
        const documented = generated.paths[path]?.[method];
        expect({ path, method, found: Boolean(documented) }).toEqual({ path, method, found: true });
        expect(documented.operationId).toBe(operation.operationId);
        expect([documented.summary, documented.description]).toEqual([operation.summary, operation.description]);
        expect(parameterSignature(documented.parameters)).toEqual(parameterSignature(operation.parameters));
        expect(requiredBodyFields(generated, documented)).toEqual(requiredBodyFields(SERVED_SPEC, operation));
      }
    });

    it('differs from the committed spec only where SPEC_AMENDMENTS says so', () => {
      const committed = LAMINI_SPEC.paths['/alpha/memory-rag/status'].get.parameters!.map((p) => `${p.in}:${p.name}`);
      const served = EFFECTIVE_SPEC.paths['/alpha/memory-rag/status'].get.parameters!.map((p) => `${p.in}:${p.name}`);
      expect(committed).toContain('path:job_id');
      expect(served).toEqual(['header:Authorization', 'query:job_id']);
      expect(Object.keys(SPEC_AMENDMENTS.missingSchemas).every((name) => !(name in LAMINI_SPEC.components.schemas))).toBe(true);
      const { schema, property, pattern } = SPEC_AMENDMENTS.hubModelId;
      expect(LAMINI_SPEC.components.schemas[schema].properties![property].pattern).toBeUndefined();
      expect(EFFECTIVE_SPEC.components.schemas[schema].properties![property].pattern).toBe(pattern);
      const trainType = SPEC_AMENDMENTS.trainType;
      expect(LAMINI_SPEC.components.schemas[trainType.schema].properties![trainType.property]).toBeUndefined();
      expect(EFFECTIVE_SPEC.components.schemas[trainType.schema].properties![trainType.property]).toEqual(trainType.definition);
    });

    it('documents the hub model id pattern and train_type in /openapi.json as it validates them', async () => {
      const res = await request(app.getHttpServer()).get('/openapi.json');
      const { schema, property, pattern } = SPEC_AMENDMENTS.hubModelId;
      expect(res.body.components.schemas[schema].properties[property].pattern).toBe(pattern);
      const trainType = SPEC_AMENDMENTS.trainType;
      expect(res.body.components.schemas[trainType.schema].properties[trainType.property]).toEqual(trainType.definition);
    });

    it('serves Swagger UI at /docs', async () => {
      const res = await request(app.getHttpServer()).get('/docs/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('swagger-ui');
    });
  });

  describe('services in the same process', () => {
    it('hand their domain errors to the caller intact', async () => {
      const owner = (await app.get(ApiKeyStore).authenticate(key))!;
      const error = await app
        .get(ServiceClient)
        .send(RegistrySubjects.resolveModel, owner, { model_name: 'no/such-model' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect((error as ModelNotFoundError).detail).toBe('Model not found: no/such-model');
    });
  });

  describe('probes', () => {
    it('reports the process up and its database and transport reachable', async () => {
      expect((await request(app.getHttpServer()).get('/healthz')).body).toEqual({ status: 'ok' });
      const ready = await request(app.getHttpServer()).get('/readyz');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ok', checks: { database: 'ok', transport: 'ok' } }]);
    });
  });
});

function parameterSignature(parameters: Array<{ name: string; in: string; required?: boolean }> = []) {
  return parameters
    .map((p) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}:${Boolean(p.required)}`)
    .sort();
}

/** Enough of an OpenAPI document (the committed spec or the generated one) to find a body's required fields. */
interface DocumentedOperation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

function requiredBodyFields(doc: { components?: { schemas?: Record<string, JsonSchema> } }, operation: DocumentedOperation): string[] {
  let schema = operation.requestBody?.content?.['application/json']?.schema;
  while (schema?.$ref || schema?.allOf) {
    schema = schema.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema.allOf![0];
  }
  return [...(schema?.required ?? [])].sort();
}
