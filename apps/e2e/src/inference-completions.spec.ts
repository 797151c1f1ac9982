import { ModelNotFoundError, type OwnerContext } from '@lamini/contracts';
import { SHARED_MODELS_DIR } from '@lamini/testing';
import { CompletionService, InferenceModule } from '@lamini/app-inference';
import { ModelRegistryModule } from '@lamini/app-model-registry';
import { type InProcessServices, startInProcessServices } from './support/in-process-services';

const STORY_PROMPTS = [
  'Once upon a time',
  'The little dog',
  'Lily and Ben went to the park',
  'One day, a big bird',
  'The sun was shining and',
  'Tom had a red ball',
  'In the forest there was',
  'Mom said',
  'The cat was sad because',
  'A small boy named Tim',
  'They played all day',
  'The old tree',
  'Sue wanted a new toy',
  'It was a rainy day',
  'The fish in the pond',
  'Max liked to run',
  'At night the stars',
  'The girl found a box',
  'Ben was hungry so',
  'The end of the story',
];

/** The real engine on the real model: stories260K, resolved through the registry in this process. */
describe('CompletionService on stories260K', () => {
  let testApp: InProcessServices;
  let completions: CompletionService;
  let owner: OwnerContext;

  beforeAll(async () => {
    testApp = await startInProcessServices([ModelRegistryModule, InferenceModule], { MODEL_DIRS: SHARED_MODELS_DIR, INFERENCE_GPU: 'off' });
    completions = testApp.app.get(CompletionService);
    owner = testApp.owner;
  });

  afterAll(() => testApp.close());

  it('continues a story and says the model stopped or ran out of tokens', async () => {
    const response = await completions.completeV2(owner, { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 40 });
    expect(response.outputs).toHaveLength(1);
    expect(response.outputs[0].output).toMatch(/^,? ?there was/);
    expect(['stop', 'length']).toContain(response.finish_reason[0]);
  });

  it('stops at max_new_tokens with finish_reason length', async () => {
    const response = await completions.completeV2(owner, { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 5 });
    expect(response.finish_reason).toEqual(['length']);
    expect(response.outputs[0].output.length).toBeGreaterThan(0);
  });

  it('counts max_tokens over prompt and output together', async () => {
    const response = await completions.completeV2(owner, { model_name: 'stories260K', prompt: 'Once upon a time', max_tokens: 6 });
    expect(response.finish_reason).toEqual(['length']);
    const fewer = await completions.completeV2(owner, { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 2 });
    expect(response.outputs[0].output).toBe(fewer.outputs[0].output);
  });

  it('answers a list of prompts with one result each, in order', async () => {
    const prompts = STORY_PROMPTS.slice(0, 4);
    const response = await completions.completeV2(owner, { model_name: 'stories260K', prompt: prompts, max_new_tokens: 12 });
    expect(response.outputs).toHaveLength(4);
    expect(response.finish_reason).toHaveLength(4);
    const alone = await completions.completeV2(owner, { model_name: 'stories260K', prompt: prompts[2], max_new_tokens: 12 });
    expect(response.outputs[2]).toEqual(alone.outputs[0]);
  });

  it('gives JSON of exactly the requested keys and types for every prompt', async () => {
    const outputType = { answer: 'str', score: 'int', ok: 'bool', p: 'float' };
    const response = await completions.completeV2(owner, { model_name: 'stories260K', prompt: STORY_PROMPTS, output_type: outputType, max_new_tokens: 40 });
    expect(response.outputs).toHaveLength(20);
    for (const output of response.outputs as Array<Record<string, unknown>>) {
      const parsed = JSON.parse(JSON.stringify(output));
      expect(Object.keys(parsed)).toEqual(['answer', 'score', 'ok', 'p']);
      expect(typeof parsed.answer).toBe('string');
      expect(Number.isInteger(parsed.score)).toBe(true);
      expect(typeof parsed.ok).toBe('boolean');
      expect(typeof parsed.p).toBe('number');
    }
  });

  it('keeps the JSON whole even when the token budget cuts the values short', async () => {
    const response = await completions.completeV2(owner, {
      model_name: 'stories260K',
      prompt: 'Once upon a time',
      output_type: { story: 'str', tags: ['str'], mood: ['happy', 'sad'] },
      max_new_tokens: 3,
    });
    const [output] = response.outputs as Array<Record<string, unknown>>;
    expect(Object.keys(output)).toEqual(['story', 'tags', 'mood']);
    expect(Array.isArray(output.tags)).toBe(true);
    expect(['happy', 'sad']).toContain(output.mood);
    expect(response.finish_reason).toEqual(['length']);
  });

  it('answers in the v1 shape the SDK reads', async () => {
    expect(await completions.completeV1(owner, { model_name: 'stories260K', prompt: 'Once upon a time', max_new_tokens: 3 })).toEqual({
      output: expect.any(String),
    });
    const list = await completions.completeV1(owner, { model_name: 'stories260K', prompt: ['A', 'B'], max_new_tokens: 3 });
    expect(list).toEqual([{ output: expect.any(String) }, { output: expect.any(String) }]);
    expect(
      await completions.completeV1(owner, { model_name: 'stories260K', prompt: 'Once', output_type: { n: 'int' }, max_new_tokens: 4 }),
    ).toEqual({ n: expect.any(Number) });
  });

  it('names a model the registry does not know', async () => {
    const error = await completions.completeV2(owner, { model_name: 'nobody/llama', prompt: 'hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(error.detail).toBe('Model not found: nobody/llama');
  });
});
