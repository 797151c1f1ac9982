import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { MemoryRagCompletion, MemoryRagJobView } from '@lamini/contracts';
import { ApiKeyStore, PrismaService } from '@lamini/persistence';
import { GENERATED_MODELS_DIR, SHARED_MODELS_DIR, type TestDocuments, writeTestDocuments, writeUnreadablePdf } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { normalizedText, sdkMemoryIndex } from './support/sdk-memory-rag';
import { SdkWire } from './support/sdk-wire';

const KEY = 'lmn_embedded_memory_rag_key';

/**
 * Memory RAG end to end on the embedded platform: the SDK's multipart upload of documents in
 * every supported format, the index job, status and log, grounded completions with their
 * sources, add-index, and another owner seeing none of it.
 */
describe('memory RAG, embedded', () => {
  let platform: EmbeddedPlatform;
  let wire: SdkWire;
  let corpus: TestDocuments;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lamini-memory-rag-'));
    corpus = await writeTestDocuments(join(dataDir, 'corpus'));
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      LAMINI_DATA_DIR: join(dataDir, 'platform'),
      INFERENCE_GPU: 'off',
      EMBEDDING_GPU: 'off',
      RAG_MAX_FILE_MB: '1',
      RAG_JOB_POLL_MS: '100',
    });
    wire = new SdkWire(platform.baseUrl, KEY);
  }, 120_000);

  afterAll(() => platform?.stop());

  async function pollStatus(jobId: number, timeoutMs = 120_000): Promise<MemoryRagJobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await wire.post<MemoryRagJobView>('/alpha/memory-rag/status', { job_id: jobId });
      if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(res.body.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  describe('an index of the test documents', () => {
    let jobId: number;

    beforeAll(async () => {
      const created = await sdkMemoryIndex(platform.baseUrl, KEY, 'stories260K', corpus.files);
      expect(created.status).toBe(200);
      jobId = created.body.job_id as number;
      expect((await pollStatus(jobId)).status).toBe('COMPLETED');
    }, 180_000);

    it('reports its documents and chunks, by POST and by GET, and logs what it did', async () => {
      const status = await wire.post<MemoryRagJobView>('/alpha/memory-rag/status', { job_id: jobId });
      // The part's file name is kept as metadata, without the folders of the client's path.
      expect(status.body.documents.map((d) => d.name)).toEqual(corpus.files.map((file) => basename(file)));
      expect(status.body.progress.chunks_total).toBeGreaterThan(corpus.files.length);
      expect(status.body.progress.chunks_embedded).toBe(status.body.progress.chunks_total);
      const byGet = await wire.get<MemoryRagJobView>(`/alpha/memory-rag/status?job_id=${jobId}`);
      expect(byGet.body).toEqual(status.body);
      const log = await wire.get<string[]>(`/alpha/memory-rag/training_log/${jobId}`);
      expect(log.body.some((line) => line.includes('ready'))).toBe(true);
      const chunks = await platform.app.get(PrismaService).ragChunk.findMany({ where: { ragJob: { id: jobId } }, select: { id: true, vector: true } });
      expect(chunks.every((chunk) => chunk.vector !== null)).toBe(true);
      expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    });

    it('retrieves the chunk holding the answer among the top 3 sources for at least 95% of the questions', async () => {
      const ask = async (question: TestDocuments['questions'][number]) => {
        const res = await wire.post<MemoryRagCompletion>('/alpha/memory-rag/completions', {
          prompt: question.question,
          model_name: 'stories260K',
          job_id: jobId,
          rag_query_size: 3,
          max_new_tokens: 4,
        });
        expect(res.status).toBe(200);
        expect(res.body.outputs).toHaveLength(1);
        return res.body.sources.some((s) => basename(s.document) === question.document && normalizedText(s.text).includes(normalizedText(question.answer)));
      };
      // As many questions at once as the model has sequences: each one's prompt carries its three chunks.
      let found = 0;
      for (let i = 0; i < corpus.questions.length; i += 8) found += (await Promise.all(corpus.questions.slice(i, i + 8).map(ask))).filter(Boolean).length;
      expect(found / corpus.questions.length).toBeGreaterThanOrEqual(0.95);
    }, 300_000);

    it('adds text to the index with add-index, and finds it afterwards', async () => {
      const added = await wire.post('/alpha/memory-rag/add-index', { prompt: 'The lighthouse keeper of Quorvath Bay is named Elspeth Maronne.', job_id: jobId });
      expect(added.body).toEqual({ job_id: jobId, status: 'success' });
      expect((await pollStatus(jobId)).status).toBe('COMPLETED');
      const res = await wire.post<MemoryRagCompletion>('/alpha/memory-rag/completions', {
        prompt: 'Who keeps the lighthouse of Quorvath Bay?',
        model_name: 'stories260K',
        job_id: jobId,
        rag_query_size: 3,
        max_new_tokens: 4,
      });
      expect(res.body.sources[0].text).toContain('Elspeth Maronne');
    }, 120_000);

    it('suggests questions answerable from the documents, honours output_type in completions, and answers 409 while the index is not COMPLETED', async () => {
      const suggestions = await wire.post<Array<Record<string, string>>>('/alpha/memory-rag/suggestions', { job_id: jobId });
      expect(suggestions.status).toBe(200);
      expect(suggestions.body.length).toBeGreaterThan(0);
      expect(Object.keys(suggestions.body[0]).sort()).toEqual(['Answer 1', 'Question 1']);
      const typed = await wire.post<MemoryRagCompletion>('/alpha/memory-rag/completions', {
        prompt: corpus.questions[0].question,
        model_name: 'stories260K',
        job_id: jobId,
        rag_query_size: 2,
        output_type: { answer: 'str', confident: 'bool' },
        max_new_tokens: 12,
      });
      expect(typed.status).toBe(200);
      expect(Object.keys(typed.body.outputs[0]).sort()).toEqual(['answer', 'confident']);
      expect(typed.body.sources).toHaveLength(2);

      const prisma = platform.app.get(PrismaService);
      const { jobId: queueId } = await prisma.ragJob.findUniqueOrThrow({ where: { id: jobId } });
      await prisma.job.update({ where: { id: queueId }, data: { status: 'running' } });
      try {
        const res = await wire.post<{ detail: string }>('/alpha/memory-rag/completions', { prompt: 'q', model_name: 'stories260K', job_id: jobId, rag_query_size: 3 });
        expect([res.status, res.body.detail]).toEqual([409, `Memory RAG job ${jobId} is RUNNING; it answers once its index is COMPLETED`]);
      } finally {
        await prisma.job.update({ where: { id: queueId }, data: { status: 'succeeded' } });
      }
    }, 120_000);

    it("gives another owner 404 for the job, its status, its log and its completions", async () => {
      const issued = await platform.app.get(ApiKeyStore).issue('someone-else');
      const other = new SdkWire(platform.baseUrl, issued.key);
      expect((await other.post('/alpha/memory-rag/status', { job_id: jobId })).status).toBe(404);
      expect((await other.get(`/alpha/memory-rag/training_log/${jobId}`)).status).toBe(404);
      expect((await other.post('/alpha/memory-rag/completions', { prompt: 'q', model_name: 'stories260K', job_id: jobId, rag_query_size: 3 })).status).toBe(404);
      expect((await other.post('/alpha/memory-rag/add-index', { prompt: 'q', job_id: jobId })).status).toBe(404);
    });
  });

  it('refuses an unsupported or unreadable file with a 422 naming it, and over a bound with a 413, creating no job and leaving no upload', async () => {
    const prisma = platform.app.get(PrismaService);
    const before = await prisma.ragJob.count();
    const dir = mkdtempSync(join(tmpdir(), 'lamini-bad-documents-'));
    const exe = join(dir, 'tool.exe');
    writeFileSync(exe, 'MZ');
    const broken = join(dir, 'broken.pdf');
    await writeUnreadablePdf(broken);
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(300_000));
    for (const [file, status, name] of [[exe, 422, 'tool.exe'], [broken, 422, 'broken.pdf'], [big, 413, 'big.txt']] as const) {
      const res = await sdkMemoryIndex(platform.baseUrl, KEY, 'stories260K', [corpus.files[0], file]);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body)).toContain(status === 413 ? 'RAG_MAX_FILE_MB' : name);
    }
    const nulName = await sdkMemoryIndex(platform.baseUrl, KEY, 'stories\u0000260K', [corpus.files[0]]);
    expect(nulName.status).toBe(422);
    const noFiles = await sdkMemoryIndex(platform.baseUrl, KEY, 'stories260K', []);
    expect(noFiles.status).toBe(422);
    expect(await prisma.ragJob.count()).toBe(before);
    expect(readdirSync(join(dataDir, 'platform/uploads'))).toEqual([]);
  });
});
