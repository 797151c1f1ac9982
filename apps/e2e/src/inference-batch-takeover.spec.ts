import { JobQueue, PrismaService } from '@lamini/persistence';
import { SHARED_MODELS_DIR } from '@lamini/testing';
import { BATCH_QUEUE, BatchCompletionsService, InferenceModule } from '@lamini/app-inference';
import { ModelRegistryModule } from '@lamini/app-model-registry';
import { type InProcessServices, startInProcessServices } from './support/in-process-services';

/** A batch job on the real engine, with the registry in this process resolving stories260K. */
describe('BatchCompletionsService', () => {
  let testApp: InProcessServices;
  let batches: BatchCompletionsService;

  beforeAll(async () => {
    testApp = await startInProcessServices([ModelRegistryModule, InferenceModule], {
      MODEL_DIRS: SHARED_MODELS_DIR,
      INFERENCE_GPU: 'off',
      INFERENCE_JOB_POLL_MS: '50',
    });
    batches = testApp.app.get(BatchCompletionsService);
  });

  afterAll(() => testApp.close());

  it('finishes a batch taken over from a lost worker, generating only the prompts it had not finished', async () => {
    const prompts = ['Once upon a time', 'The little dog', 'Lily and Ben', 'Mom said'];
    // What a worker killed after two prompts leaves behind: a queued job whose progress holds two results.
    const kept = { output: 'kept from the first worker', finishReason: 'stop' };
    const job = await testApp.app.get(JobQueue).enqueue(BATCH_QUEUE, testApp.owner.id, { model_name: 'stories260K', prompt: prompts, max_new_tokens: 10 });
    await testApp.app.get(PrismaService).job.update({ where: { id: job.id }, data: { progress: { results: [kept, null, kept, null] } } });

    let result = await batches.result(testApp.owner, job.id);
    for (let i = 0; i < 400 && result.finish_reason.includes(null); i++) {
      await new Promise((r) => setTimeout(r, 25));
      result = await batches.result(testApp.owner, job.id);
    }
    expect(result.outputs).toEqual([
      { output: kept.output },
      { output: expect.not.stringMatching(/^kept/) },
      { output: kept.output },
      { output: expect.not.stringMatching(/^kept/) },
    ]);
    expect(result.finish_reason).toEqual(['stop', expect.stringMatching(/^(stop|length)$/), 'stop', expect.stringMatching(/^(stop|length)$/)]);
  });

  it('reports a failed batch as an error naming the cause', async () => {
    const job = await testApp.app.get(JobQueue).enqueue(BATCH_QUEUE, testApp.owner.id, { model_name: 'gone/model', prompt: ['Hi'] }, { maxAttempts: 1 });
    let error: unknown;
    for (let i = 0; i < 200 && !error; i++) {
      await new Promise((r) => setTimeout(r, 25));
      error = await batches.result(testApp.owner, job.id).then(() => undefined, (e) => e);
    }
    expect(error).toMatchObject({ code: 'JobFailed', detail: `Batch ${job.id} failed: Model not found: gone/model` });
  });
});
