import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainJobView } from '@lamini/contracts';
import { GENERATED_MODELS_DIR, MADE_UP_FACTS, MINI_BERT, SHARED_MODELS_DIR, startDistributedPlatform, topicCorpus } from '@lamini/testing';
import { startEmbeddedPlatform } from './support/embedded-platform';
import { SdkClassifier } from './support/sdk-classifier';
import { sdkMemoryIndex } from './support/sdk-memory-rag';
import { pollUntilDone } from './support/sdk-training';
import { SdkWire, finishedPrefix } from './support/sdk-wire';

const KEY = 'lmn_sdk_wire_key';
const MODEL_DIRS = `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`;
const PROMPTS = ['Once upon a time', 'The little dog', 'Lily and Ben went to the park', 'One day, a big bird', 'Tom had a red ball', 'Mom said'];

interface Platform {
  wire: SdkWire;
  baseUrl: string;
  key: string;
  stop(): Promise<void>;
}

function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'lamini-sdk-wire-'));
}

type Poll = { outputs?: Array<Record<string, unknown> | null>; finish_reason?: Array<string | null> };

const MODES: Array<[string, () => Promise<Platform>]> = [
  [
    'embedded (npm start)',
    async () => {
      const platform = await startEmbeddedPlatform(KEY, { MODEL_DIRS, INFERENCE_GPU: 'off', EMBEDDING_GPU: 'off', TRAIN_GPU: 'off', LAMINI_DATA_DIR: dataDir() });
      return { wire: new SdkWire(platform.baseUrl, KEY), baseUrl: platform.baseUrl, key: KEY, stop: () => platform.stop() };
    },
  ],
  [
    'distributed (gateway, registry, inference, embedding, trainer, memory-rag and classifier processes over NATS and PostgreSQL)',
    async () => {
      const platform = await startDistributedPlatform({
        service: 'inference',
        serviceEnv: { UV_THREADPOOL_SIZE: '1', INFERENCE_GPU: 'off' },
        companions: {
          embedding: { EMBEDDING_GPU: 'off' },
          trainer: { TRAIN_GPU: 'off', TRAIN_JOB_POLL_MS: '200' },
          'memory-rag': { RAG_JOB_POLL_MS: '200' },
          classifier: { CLASSIFIER_JOB_POLL_MS: '200', CLASSIFIER_AUGMENT_PER_CLASS: '1' },
        },
        modelDirs: MODEL_DIRS,
        env: { LAMINI_DATA_DIR: dataDir() },
      });
      return { wire: new SdkWire(platform.gatewayUrl, platform.key), baseUrl: platform.gatewayUrl, key: platform.key, stop: () => platform.stop() };
    },
  ],
];

/**
 * Each call site of the official Lamini SDK this platform serves, as the SDK makes it: the
 * exact JSON its code builds (the `null`s it sends for options left unset included), and the
 * fields it reads from the answer. `lamini/api/...` names the SDK file of each exchange.
 */
describe.each(MODES)('the Lamini SDK on the wire, %s', (_, start) => {
  let wire: SdkWire;
  let platform: Platform;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    platform = await start();
    ({ wire, stop } = platform);
  }, 120_000);

  afterAll(() => stop?.());

  describe('Lamini.generate (lamini/api/utils/completion.py: POST /v1/completions)', () => {
    it('a string, no options: output_type and max_tokens go as null; it reads result["output"]', async () => {
      const res = await wire.post<{ output: string }>('/v1/completions', { model_name: 'stories260K', prompt: 'Once upon a time', output_type: null, max_tokens: null });
      expect(res.raises).toBeNull();
      expect(typeof res.body.output).toBe('string');
      expect(res.body.output.length).toBeGreaterThan(0);
    });

    it('a list: it reads [r["output"] for r in result], one per prompt in order', async () => {
      const res = await wire.post<Array<{ output: string }>>('/v1/completions', {
        model_name: 'stories260K',
        prompt: PROMPTS.slice(0, 3),
        output_type: null,
        max_tokens: null,
        max_new_tokens: 8,
      });
      expect(res.raises).toBeNull();
      expect(res.body.map((r) => typeof r.output)).toEqual(['string', 'string', 'string']);
    });

    it('an output_type and no max_tokens: it returns the object as it is', async () => {
      const res = await wire.post<Record<string, unknown>>('/v1/completions', {
        model_name: 'stories260K',
        prompt: 'Once upon a time',
        output_type: { answer: 'str', score: 'int' },
        max_tokens: null,
        max_new_tokens: 16,
      });
      expect(res.raises).toBeNull();
      expect(res.body).toEqual({ answer: expect.any(String), score: expect.any(Number) });
    });

    it('a generation pipeline batch (lamini/generation/process_generation_batch.py): every option null', async () => {
      const res = await wire.post<Array<{ output: string }>>('/v1/completions', {
        reservation_id: null,
        model_name: 'stories260K',
        prompt: PROMPTS.slice(0, 2),
        output_type: null,
        max_tokens: null,
        max_new_tokens: null,
      });
      expect(res.raises).toBeNull();
      expect(res.body).toEqual([{ output: expect.any(String) }, { output: expect.any(String) }]);
    });

    it('a model that does not exist raises ModelNotFoundError with its detail', async () => {
      const res = await wire.post('/v1/completions', { model_name: 'nobody/llama', prompt: 'hi', output_type: null, max_tokens: null });
      expect([res.status, res.raises, res.body]).toEqual([594, 'ModelNotFoundError', { detail: 'Model not found: nobody/llama' }]);
    });
  });

  describe('BatchCompletions (lamini/api/utils/batch_completions.py)', () => {
    it('submits with nulls, then reads each poll as its finished prefix until every prompt is done', async () => {
      const created = await wire.post<{ id: string }>('/v1/batch_completions', {
        model_name: 'stories260K',
        prompt: PROMPTS,
        output_type: null,
        max_tokens: null,
        max_new_tokens: 24,
      });
      expect(created.raises).toBeNull();
      let poll: Poll = {};
      for (let i = 0; i < 1_000; i++) {
        poll = (await wire.get<Poll>(`/v1/batch_completions/${created.body.id}/result`)).body;
        const reasons = poll.finish_reason ?? [];
        // What BatchStreamingCompletionObject reads: every output of the prefix is a finished one.
        expect(finishedPrefix(poll).every((output) => output !== null && typeof (output as { output?: unknown }).output === 'string')).toBe(true);
        expect(reasons.slice(reasons.indexOf(null) === -1 ? reasons.length : reasons.indexOf(null)).every((r) => r === null)).toBe(true);
        if (reasons.length && reasons.every((r) => r !== null)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(finishedPrefix(poll)).toHaveLength(PROMPTS.length);
      expect(poll.finish_reason!.every((r) => r === 'stop' || r === 'length')).toBe(true);
    });
  });

  describe('StreamingCompletion (lamini/api/streaming_completion.py)', () => {
    it('submits {model_name, prompt} and polls until every finish_reason is set', async () => {
      const created = await wire.post<{ id: string }>('/v3/streaming_completions', { model_name: 'stories260K', prompt: 'Once upon a time' });
      expect(created.raises).toBeNull();
      let poll: Poll = {};
      for (let i = 0; i < 1_000; i++) {
        const res = await wire.get<Poll>(`/v3/streaming_completions/${created.body.id}/result`);
        expect(res.raises).toBeNull();
        poll = res.body;
        if (poll.finish_reason?.every((r) => r !== null)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(poll).toEqual({ outputs: [{ output: expect.any(String) }], finish_reason: [expect.stringMatching(/^(stop|length)$/)] });
    });
  });

  describe('Embedding (lamini/api/embedding.py: POST /v1/embedding)', () => {
    it('Embedding() sends model_name null and gets the default model\u2019s vector for a string', async () => {
      const res = await wire.post<{ embedding: number[] }>('/v1/embedding', { prompt: 'What is the capital of France?', model_name: null });
      expect(res.raises).toBeNull();
      expect(res.body.embedding).toHaveLength(MINI_BERT.hidden);
    });

    it('Embedding(model_name) gets a vector per string of a list', async () => {
      const res = await wire.post<{ embedding: number[][] }>('/v1/embedding', { prompt: ['one', 'two'], model_name: 'sentence-transformers/all-MiniLM-L6-v2' });
      expect(res.raises).toBeNull();
      expect(res.body.embedding.map((v) => v.length)).toEqual([MINI_BERT.hidden, MINI_BERT.hidden]);
    });
  });

  describe('models (lamini/api/model_downloader.py, lamini/api/lamini.py)', () => {
    it('download_model(wait=True) of a model on disk: the first answer already says available', async () => {
      const res = await wire.post<Record<string, unknown>>('/v1alpha/downloaded_models/', { hf_model_name: 'stories260K', model_type: 'transformer' });
      expect(res.raises).toBeNull();
      expect(res.body).toEqual({ model_name: 'stories260K', model_type: 'transformer', status: 'available' });
    });

    it('list_models builds a DownloadedModel of every entry', async () => {
      const res = await wire.get<Array<Record<string, unknown>>>('/v1alpha/downloaded_models/');
      expect(res.raises).toBeNull();
      const fields = ['model_id', 'model_name', 'model_type', 'user_id', 'is_public', 'creation_ts', 'prev_download_ts', 'prev_download_error', 'download_attempts', 'status'];
      for (const model of res.body) expect(Object.keys(model)).toEqual(expect.arrayContaining(fields));
      expect(res.body).toContainEqual(expect.objectContaining({ model_name: 'stories260K', model_type: 'transformer', is_public: true, status: 'DOWNLOADED' }));
    });

    it('version() reads server, client and the api list', async () => {
      const res = await wire.get<{ server: string; client: string; api: unknown[] }>('/v1/version');
      expect(res.raises).toBeNull();
      expect(res.body).toMatchObject({ server: '1.13.6', client: expect.any(String), api: expect.arrayContaining([{ name: 'completions', path: '/v1/completions' }]) });
    });
  });

  describe('Lamini.train / train_and_wait (lamini/api/lamini.py, lamini/api/train.py)', () => {
    const facts = MADE_UP_FACTS.slice(0, 3);

    it('uploads locally, submits with only the keys it set, polls to COMPLETED, reads model_name and generates with it', async () => {
      const base = await wire.get<{ upload_base_path: string }>('/v1/get-upload-base-path');
      expect(base.raises).toBeNull();
      // Anything but "azure" keeps the SDK on the local upload path.
      expect(base.body.upload_base_path).not.toBe('azure');
      // upload_dataset_locally: is_public goes only when set; data is a JSON list of the rows.
      const uploaded = await wire.post<{ dataset_id: string; dataset_location: string }>('/v1/local-data', { upload_base_path: base.body.upload_base_path, data: facts });
      expect(uploaded.raises).toBeNull();
      expect(uploaded.body.dataset_id).toMatch(/^[0-9a-f]{64}$/);
      const existing = await wire.post<{ dataset_location: string }>('/v1/existing-data', { dataset_id: uploaded.body.dataset_id, upload_base_path: base.body.upload_base_path });
      expect(existing.raises).toBeNull();
      expect(typeof existing.body.dataset_location).toBe('string');
      const job = await wire.post<{ job_id: number; status: string }>('/v1/train', {
        model_name: 'stories260K',
        dataset_id: uploaded.body.dataset_id,
        upload_file_path: existing.body.dataset_location,
        finetune_args: { max_steps: 30 },
      });
      expect(job.raises).toBeNull();
      expect(Number.isInteger(job.body.job_id)).toBe(true);
      expect(job.body.status).toBe('QUEUED');

      const status = await pollUntilDone(wire, job.body.job_id, 240_000);
      expect(status.status).toBe('COMPLETED');
      const generated = await wire.post<{ output: string }>('/v1/completions', { model_name: status.model_name, prompt: facts[0].input, output_type: null, max_tokens: null });
      expect(generated.raises).toBeNull();
      expect(typeof generated.body.output).toBe('string');

      const jobs = await wire.get<TrainJobView[]>('/v1/train/jobs');
      expect(jobs.body.map((j) => j.job_id)).toContain(job.body.job_id);
      const evaluation = await wire.get<{ exact_match_recall: number }>(`/v1/train/jobs/${job.body.job_id}/eval`);
      expect(evaluation.raises).toBeNull();
      expect(typeof evaluation.body.exact_match_recall).toBe('number');
      // cancel_job on a finished job, cancel_all_jobs with nothing running, resume of a completed job.
      expect((await wire.post(`/v1/train/jobs/${job.body.job_id}/cancel`, {})).raises).toBeNull();
      expect((await wire.post('/v1/train/jobs/cancel', {})).body).toEqual({ cancelled_job_ids: [] });
      expect((await wire.post(`/v1/train/jobs/${job.body.job_id}/resume`, {})).status).toBe(409);
    }, 300_000);

    it('a job id that does not exist is a 404 (APIError); a bad one a 422 (UserError)', async () => {
      expect((await wire.get('/v1/train/jobs/424242')).status).toBe(404);
      expect((await wire.get('/v1/train/jobs/not-a-number')).raises).toBe('UserError');
    });
  });

  describe('MemoryRAG (lamini/api/memory_rag.py)', () => {
    it('memory_index (multipart) → status → query → add_index → get_logs, reading job_id from each answer', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lamini-sdk-rag-'));
      writeFileSync(join(dir, 'zorbia.txt'), 'Zorbia is a small island nation. The capital of Zorbia is Plimsk. Its flag is green.');
      writeFileSync(join(dir, 'notes.md'), '# Notes\n\nThe Plimsk harbour opened in 1921. Ferries leave every hour.');
      const indexed = await sdkMemoryIndex(platform.baseUrl, platform.key, 'stories260K', [join(dir, 'zorbia.txt'), join(dir, 'notes.md')]);
      expect(indexed.status).toBe(200);
      const jobId = indexed.body.job_id as number;
      expect(Number.isInteger(jobId)).toBe(true);
      let status = await wire.post<{ job_id: number; status: string }>('/alpha/memory-rag/status', { job_id: jobId });
      for (let i = 0; i < 300 && status.body.status !== 'COMPLETED' && status.body.status !== 'FAILED'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        status = await wire.post('/alpha/memory-rag/status', { job_id: jobId });
      }
      expect([status.raises, status.body.status]).toEqual([null, 'COMPLETED']);
      const query = await wire.post<{ outputs: unknown[]; sources: Array<{ document: string; text: string }> }>('/alpha/memory-rag/completions', {
        prompt: 'What is the capital of Zorbia?',
        model_name: 'stories260K',
        job_id: jobId,
        rag_query_size: 2,
      });
      expect(query.raises).toBeNull();
      expect(query.body.sources[0].text).toContain('Plimsk');
      const added = await wire.post('/alpha/memory-rag/add-index', { prompt: 'Plimsk has two bridges.', job_id: jobId });
      expect([added.raises, added.body]).toEqual([null, { job_id: jobId, status: 'success' }]);
      const logs = await wire.get<string[]>(`/alpha/memory-rag/training_log/${jobId}`);
      expect(logs.raises).toBeNull();
      expect(Array.isArray(logs.body)).toBe(true);
    }, 240_000);
  });

  describe('LaminiClassifier (lamini/classify/lamini_classifier.py)', () => {
    it('initialize → add → train → train_status → classify → download_dataset → delete_dataset, keeping job_id and model_id', async () => {
      const corpus = topicCorpus({ topics: ['sports', 'cooking', 'weather'], perClass: 30, seed: 3 });
      const classifier = new SdkClassifier(wire, 'sdk-topics');
      const seeds = Object.fromEntries(Object.entries(corpus.examples).map(([topic, texts]) => [topic, texts.slice(0, 2)]));
      const initialized = await classifier.initialize(corpus.classes, seeds);
      expect([initialized.raises, initialized.body]).toEqual([null, { job_id: expect.any(String), name: 'sdk-topics', project_id: expect.any(String) }]);
      const rest = Object.fromEntries(Object.entries(corpus.examples).map(([topic, texts]) => [topic, texts.slice(2)]));
      expect((await classifier.add('labelled', rest)).raises).toBeNull();
      expect((await classifier.train()).raises).toBeNull();
      const status = await classifier.waitForTraining();
      expect(status).toMatchObject({ status: 'COMPLETED', model_id: expect.any(String) });
      const classified = await classifier.classify(['goal and team and match', 'flour and sugar and butter']);
      expect(classified.raises).toBeNull();
      expect(classified.body.classification.map((ranked) => ranked[0].class_name)).toEqual(['sports', 'cooking']);
      const file = await classifier.downloadDataset('labelled');
      expect(file.status).toBe(200);
      expect(file.text.trimEnd().split('\n')).toHaveLength(3 * 28);
      expect((await classifier.deleteDataset('labelled')).raises).toBeNull();
      expect((await classifier.downloadDataset('labelled')).status).toBe(404);
      expect((await new SdkClassifier(wire, 'sdk-topics').initialize(corpus.classes, {})).raises).toBe('DuplicateResourceError');
      expect((await new SdkClassifier(wire, 'no-such-project').train()).raises).toBe('ProjectNotFoundError');
    }, 240_000);
  });
});
