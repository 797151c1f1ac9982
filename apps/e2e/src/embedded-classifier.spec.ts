import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassPrediction, ClassifierDatasetView, ClassifierJobView, ClassifierModelView, ClassifierProjectView } from '@lamini/contracts';
import { ApiKeyStore, PrismaService } from '@lamini/persistence';
import { GENERATED_MODELS_DIR, SHARED_MODELS_DIR, seededRandom, topicCorpus, topicSentence } from '@lamini/testing';
import { type EmbeddedPlatform, startEmbeddedPlatform } from './support/embedded-platform';
import { SdkClassifier } from './support/sdk-classifier';
import { SdkWire } from './support/sdk-wire';

const KEY = 'lmn_embedded_classifier_key';
const TOPICS = ['sports', 'cooking', 'weather', 'finance', 'music'];

/** Expected calibration error over 15 equal-width confidence bins, computed here from the answers alone. */
function expectedCalibrationError(predictions: Array<{ confidence: number; correct: boolean }>): number {
  const bins = Array.from({ length: 15 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const p of predictions) {
    const bin = bins[Math.min(14, Math.floor(p.confidence * 15))];
    bin.n += 1;
    bin.confidence += p.confidence;
    bin.correct += p.correct ? 1 : 0;
  }
  return bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.correct - b.confidence) : 0), 0) / predictions.length;
}

/**
 * The classifier end to end on the embedded platform, as the Lamini SDK's LaminiClassifier
 * drives it: a project of five topics with LLM-augmented examples, a labelled dataset added,
 * a trained and calibrated head, classification, datasets downloaded and deleted, versions
 * registered, jobs cancelled and resumed, bounds, and another owner seeing none of it.
 */
describe('classifier, embedded', () => {
  let platform: EmbeddedPlatform;
  let wire: SdkWire;
  let classifier: SdkClassifier;
  let trained: ClassifierJobView;
  const corpus = topicCorpus({ topics: TOPICS, perClass: 80, seed: 11 });

  beforeAll(async () => {
    platform = await startEmbeddedPlatform(KEY, {
      MODEL_DIRS: `${SHARED_MODELS_DIR},${GENERATED_MODELS_DIR}`,
      LAMINI_DATA_DIR: mkdtempSync(join(tmpdir(), 'lamini-classifier-')),
      INFERENCE_GPU: 'off',
      EMBEDDING_GPU: 'off',
      CLASSIFIER_JOB_POLL_MS: '100',
      CLASSIFIER_AUGMENT_PER_CLASS: '2',
      CLASSIFIER_MAX_PROJECT_ROWS: '1500',
    });
    wire = new SdkWire(platform.baseUrl, KEY);
    classifier = new SdkClassifier(wire, 'topics');
    const seeds = Object.fromEntries(TOPICS.map((topic) => [topic, corpus.examples[topic].slice(0, 3)]));
    const initialized = await classifier.initialize(corpus.classes, seeds);
    expect(initialized.raises).toBeNull();
    const added = await classifier.add('labelled', Object.fromEntries(TOPICS.map((topic) => [topic, corpus.examples[topic].slice(3)])));
    expect(added.raises).toBeNull();
    expect(await classifier.train()).toMatchObject({ raises: null, body: { job_id: expect.any(String) } });
    trained = await classifier.waitForTraining();
  }, 300_000);

  afterAll(() => platform?.stop());

  it('augments the seed examples through the LLM, each new row marked generated and none repeated', async () => {
    const jobs = await wire.get<ClassifierJobView[]>('/v2/classifier/topics/jobs');
    const augment = jobs.body.find((job) => job.type === 'augment')!;
    expect(augment).toMatchObject({ status: 'COMPLETED', model_id: null, error: null });
    const rows = await platform.app.get(PrismaService).classifierExample.findMany({ where: { dataset: { name: 'generated' } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.generated && TOPICS.includes(row.label))).toBe(true);
    expect(Object.values(augment.generated!).reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(new Set(rows.map((row) => `${row.label}\u0000${row.textKey}`)).size).toBe(rows.length);
    const datasets = await wire.get<ClassifierDatasetView[]>('/v2/classifier/topics/datasets');
    expect(datasets.body.map((d) => [d.dataset_name, d.rows]).sort()).toEqual([
      ['examples', 15],
      ['generated', rows.length],
      ['labelled', 5 * 77],
    ]);
  });

  it('trains a head whose held-out accuracy is at least 95%, with its metrics and calibration in the status', () => {
    expect(trained).toMatchObject({ status: 'COMPLETED', type: 'train', model_version: 1, error: null, progress: { fraction: 1 } });
    expect(trained.model_id).toEqual(expect.any(String));
    expect(classifier.classifierId).toBe(trained.model_id);
    const metrics = trained.metrics!;
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(metrics.holdout_rows).toBeGreaterThanOrEqual(50);
    expect(Object.keys(metrics.per_class!).sort()).toEqual([...TOPICS].sort());
    for (const perClass of Object.values(metrics.per_class!)) {
      expect(perClass.precision).toBeGreaterThan(0.8);
      expect(perClass.recall).toBeGreaterThan(0.8);
    }
    expect(metrics.expected_calibration_error).toBeLessThanOrEqual(0.1);
    expect(metrics.temperature).toBeGreaterThan(0);
  });

  it('classifies sentences it never saw: a list in one call, classes sorted by calibrated probability', async () => {
    const random = seededRandom(99);
    const truth = Array.from({ length: 100 }, (_, i) => TOPICS[i % TOPICS.length]);
    const prompts = truth.map((topic) => topicSentence(topic, random));
    const res = await classifier.classify(prompts);
    expect(res.raises).toBeNull();
    expect(res.body.classification).toHaveLength(prompts.length);
    const predictions = res.body.classification.map((ranked: ClassPrediction[], i) => {
      expect(ranked.map((p) => p.class_name).sort()).toEqual([...TOPICS].sort());
      expect(ranked.map((p) => p.prob)).toEqual([...ranked.map((p) => p.prob)].sort((a, b) => b - a));
      expect(ranked.reduce((sum, p) => sum + p.prob, 0)).toBeCloseTo(1, 4);
      for (const p of ranked) expect(TOPICS[p.class_id]).toBe(p.class_name);
      return { confidence: ranked[0].prob, correct: ranked[0].class_name === truth[i] };
    });
    expect(predictions.filter((p) => p.correct).length).toBeGreaterThanOrEqual(95);
    expect(expectedCalibrationError(predictions)).toBeLessThanOrEqual(0.1);
    const single = await classifier.classify(prompts[0]);
    expect(single.body.classification).toHaveLength(1);
  });

  it('honours top_n, threshold and metadata', async () => {
    const path = `/v2/classifier/${classifier.classifierId}/classify`;
    const top2 = await wire.post<{ classification: ClassPrediction[][] }>(path, { prompt: ['goal and team', 'flour and sugar'], top_n: 2, threshold: null, metadata: null });
    expect(top2.body.classification.map((r) => r.length)).toEqual([2, 2]);
    const confident = await wire.post<{ classification: ClassPrediction[][] }>(path, { prompt: 'the goal of the team', threshold: 0.5 });
    expect(confident.body.classification[0].every((p) => p.prob >= 0.5)).toBe(true);
    expect(confident.body.classification[0].length).toBeLessThanOrEqual(1);
    const withMetadata = await wire.post<{ metadata: Record<string, unknown> }>(path, { prompt: 'rain', metadata: true });
    expect(withMetadata.body.metadata).toEqual({ model_id: classifier.classifierId, project_name: 'topics', version: 1, embedding_model: 'sentence-transformers/all-MiniLM-L6-v2', classes: TOPICS });
    expect((await wire.post(path, { prompt: 'x', top_n: 0 })).status).toBe(422);
    expect((await wire.post(path, { prompt: 'x', threshold: 1.5 })).status).toBe(422);
    expect((await wire.post(path, { prompt: Array.from({ length: 257 }, () => 'x') })).status).toBe(413);
  });

  it('downloads a dataset as the raw JSON lines the SDK writes to <dataset>.jsonl, then deletes it', async () => {
    const file = await classifier.downloadDataset('examples');
    expect(file.status).toBe(200);
    expect(file.contentType).toMatch(/^application\/jsonl/);
    const lines = file.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual(TOPICS.flatMap((topic) => corpus.examples[topic].slice(0, 3).map((text) => ({ text, label: topic, generated: false }))));
    const generated = await classifier.downloadDataset('generated');
    expect(generated.text.trimEnd().split('\n').every((line) => JSON.parse(line).generated === true)).toBe(true);

    await classifier.add('scratch', { sports: ['one more goal'], cooking: ['one more cake'] });
    expect(await classifier.deleteDataset('scratch')).toMatchObject({ raises: null, body: { dataset_name: 'scratch', deleted_rows: 2 } });
    const datasets = await wire.get<ClassifierDatasetView[]>('/v2/classifier/topics/datasets');
    expect(datasets.body.map((d) => d.dataset_name)).not.toContain('scratch');
    expect((await classifier.downloadDataset('scratch')).status).toBe(404);
    expect((await classifier.deleteDataset('scratch')).status).toBe(404);
  });

  it('streams a dataset larger than one transport page whole', async () => {
    const big = topicCorpus({ topics: ['sports', 'music'], perClass: 300, seed: 5 });
    const padded = Object.fromEntries(Object.entries(big.examples).map(([label, texts]) => [label, texts.map((t) => `${t} ${'music '.repeat(150)}`)]));
    const added = await wire.post<{ added: number }>('/v2/classifier/add', { data: padded, dataset_name: 'big', project_name: 'topics' });
    expect(added.body.added).toBe(600);
    const file = await classifier.downloadDataset('big');
    expect(file.text.length).toBeGreaterThan(512 * 1024);
    expect(file.text.trimEnd().split('\n').map((line) => JSON.parse(line).text)).toEqual([...padded.sports, ...padded.music]);
    await classifier.deleteDataset('big');
  });

  it('adds rows once per dataset and label, and a new label becomes a class of the project', async () => {
    const first = await wire.post('/v2/classifier/add', { data: { sports: ['A late goal', 'a  LATE goal'], gardening: 'seeds and soil' }, dataset_name: 'extra', project_name: 'topics' });
    expect(first.body).toEqual({ project_name: 'topics', dataset_name: 'extra', added: 2, duplicates: 1, rows: 2 });
    const again = await wire.post('/v2/classifier/add', { data: { sports: ['A late goal'] }, dataset_name: 'extra', project_name: 'topics' });
    expect(again.body).toMatchObject({ added: 0, duplicates: 1, rows: 2 });
    const projects = await wire.get<ClassifierProjectView[]>('/v2/classifier/projects');
    expect(projects.body[0].classes.map((c) => c.name)).toEqual([...TOPICS, 'gardening']);
    expect(projects.body[0].classes.at(-1)).toEqual({ name: 'gardening', description: null });
    await classifier.deleteDataset('extra');
  });

  it('trains a new version per training; register picks the one the project name serves', async () => {
    const second = await wire.post<ClassifierJobView>('/v2/classifier/train', { name: 'topics' });
    expect(second.body).toMatchObject({ type: 'train', model_version: 2 });
    const secondClassifier = new SdkClassifier(wire, 'topics');
    secondClassifier.trainJobId = second.body.job_id;
    const done = await secondClassifier.waitForTraining();
    expect(done.status).toBe('COMPLETED');
    const models = await wire.get<ClassifierModelView[]>('/v2/classifier/topics/models');
    expect(models.body.map((m) => [m.version, m.status, m.registered])).toEqual([
      [1, 'COMPLETED', false],
      [2, 'COMPLETED', false],
    ]);
    expect(models.body[0].metrics!.accuracy).toBe(trained.metrics!.accuracy);

    const register = { project_id: models.body[0].project_name, model_id: trained.model_id, job_id: trained.job_id };
    expect((await wire.post('/v2/classifier/register', { ...register, job_id: second.body.job_id })).status).toBe(422);
    const registered = await wire.post('/v2/classifier/register', register);
    expect(registered.body).toMatchObject({ project_name: 'topics', model_id: trained.model_id, version: 1 });
    const byName = await wire.post<{ metadata: { version: number } }>('/v2/classifier/topics/classify', { prompt: 'rain and wind', metadata: true });
    expect(byName.body.metadata.version).toBe(1);
    const projects = await wire.get<ClassifierProjectView[]>('/v2/classifier/projects');
    expect(projects.body[0].registered_model_id).toBe(trained.model_id);
  });

  it('cancels a queued or running job with update_job, and queues it again', async () => {
    const queued = await wire.post<ClassifierJobView>('/v2/classifier/train', { name: 'topics' });
    const cancelled = await wire.post<ClassifierJobView>('/v2/classifier/update_job', { job_id: queued.body.job_id, status: 'CANCELLED' });
    expect(cancelled.raises).toBeNull();
    const poll = new SdkClassifier(wire, 'topics');
    poll.trainJobId = queued.body.job_id;
    expect((await poll.waitForTraining()).status).toBe('CANCELLED');
    expect((await wire.post(`/v2/classifier/${queued.body.model_id}/classify`, { prompt: 'x' })).status).toBe(409);
    const resumed = await wire.post<ClassifierJobView>('/v2/classifier/train', { name: 'topics', classifier_train_job_id: queued.body.job_id });
    expect(resumed.body).toMatchObject({ job_id: queued.body.job_id, model_id: queued.body.model_id });
    expect((await poll.waitForTraining()).status).toBe('COMPLETED');
    expect((await wire.post('/v2/classifier/update_job', { job_id: queued.body.job_id, status: 'CREATED' })).status).toBe(409);
    expect((await wire.post('/v2/classifier/update_job', { job_id: queued.body.job_id, status: 'DONE' })).status).toBe(422);
  });

  it('refuses a second project of the same name (DuplicateResourceError) and unknown names (ProjectNotFoundError)', async () => {
    const again = await new SdkClassifier(wire, 'topics').initialize({ a: 'A', b: 'B' }, {});
    expect([again.status, again.raises]).toEqual([497, 'DuplicateResourceError']);
    expect((await wire.post('/v2/classifier/add', { data: { a: ['x'] }, dataset_name: 'd', project_name: 'nope' })).raises).toBe('ProjectNotFoundError');
    expect((await wire.post('/v2/classifier/train', { name: 'nope' })).raises).toBe('ProjectNotFoundError');
    for (const path of ['/v2/classifier/nope/models', '/v2/classifier/nope/datasets', '/v2/classifier/nope/jobs', '/v2/classifier/nope/d/download']) {
      expect((await wire.get(path)).status).toBe(499);
    }
    expect((await wire.get('/v2/classifier/999999/status')).status).toBe(404);
    expect((await wire.get('/v2/classifier/not-a-job/status')).status).toBe(404);
    expect((await wire.post('/v2/classifier/not-a-model/classify', { prompt: 'x' })).raises).toBe('ModelNotFoundError');
  });

  it('refuses bad input with a 422 naming it, and an unknown LLM with ModelNotFoundError, storing nothing', async () => {
    const prisma = platform.app.get(PrismaService);
    const before = await prisma.classifierProject.count();
    const cases: Array<[Record<string, unknown>, Array<string | number>]> = [
      [{ classes: { only: 'one class' }, name: 'p1', model_name: 'stories260K' }, ['body', 'classes']],
      [{ classes: { a: 'A', b: 7 }, name: 'p2', model_name: 'stories260K' }, ['body', 'classes', 'b']],
      [{ classes: { a: 'A', b: 'B' }, examples: { a: [3] }, name: 'p3', model_name: 'stories260K' }, ['body', 'examples', 'a', 0]],
      [{ classes: { a: 'A', b: 'B' }, examples: { a: ['  '] }, name: 'p4', model_name: 'stories260K' }, ['body', 'examples', 'a', 0]],
      [{ classes: { a: 'A', b: 'B' }, name: 'bad/name', model_name: 'stories260K' }, ['body', 'name']],
      [{ classes: { a: 'A', b: 'B' }, examples: { a: ['x'.repeat(4001)] }, name: 'p5', model_name: 'stories260K' }, ['body', 'examples', 'a', 0]],
    ];
    for (const [body, loc] of cases) {
      const res = await wire.post<{ detail: Array<{ loc: unknown[] }> }>('/v2/classifier/initialize', body);
      expect([res.status, res.body.detail[0].loc]).toEqual([422, loc]);
    }
    const unknownModel = await wire.post('/v2/classifier/initialize', { classes: { a: 'A', b: 'B' }, name: 'p6', model_name: 'no-such-llm' });
    expect(unknownModel.raises).toBe('ModelNotFoundError');
    const tooMany = await wire.post('/v2/classifier/add', { data: { sports: Array.from({ length: 1200 }, (_, i) => `row ${i}`) }, dataset_name: 'flood', project_name: 'topics' });
    expect(tooMany.status).toBe(413);
    expect(await prisma.classifierProject.count()).toBe(before);
    expect(await prisma.classifierDataset.count({ where: { name: 'flood' } })).toBe(0);
  });

  it('shows another owner none of it', async () => {
    const other = (await platform.app.get(ApiKeyStore).issue('someone-else')).key;
    const stranger = new SdkWire(platform.baseUrl, other);
    expect((await stranger.get('/v2/classifier/projects')).body).toEqual([]);
    expect((await stranger.get('/v2/classifier/topics/datasets')).status).toBe(499);
    expect((await stranger.get(`/v2/classifier/${trained.job_id}/status`)).status).toBe(404);
    expect((await stranger.post(`/v2/classifier/${trained.model_id}/classify`, { prompt: 'rain' })).status).toBe(594);
    expect((await stranger.post('/v2/classifier/topics/classify', { prompt: 'rain' })).status).toBe(594);
    expect((await stranger.download('/v2/classifier/topics/examples/download')).status).toBe(499);
    // The stranger may use the same project name for a project of its own.
    expect((await new SdkClassifier(stranger, 'topics').initialize({ a: 'A', b: 'B' }, {})).raises).toBeNull();
  });
});
