import { SpecValidator } from './spec-validator';

const validator = new SpecValidator();
const body = (value: unknown) => ({ body: value, params: {}, query: {}, hasBody: true });

describe('SpecValidator', () => {
  it('lists every missing required field in FastAPI\u2019s shape', () => {
    expect(validator.validate('completions_v2_completions_post', body({}))).toEqual([
      { type: 'missing', loc: ['body', 'model_name'], msg: 'Field required', input: {} },
      { type: 'missing', loc: ['body', 'prompt'], msg: 'Field required', input: {} },
    ]);
  });

  it('accepts a valid request and fills in the spec\u2019s defaults', () => {
    const payload: Record<string, unknown> = { prompt: 'hi' };
    expect(validator.validate('embedding_v1_embedding_post', body(payload))).toEqual([]);
    expect(payload.model_name).toBe('sentence-transformers/all-MiniLM-L6-v2');
  });

  it('reports wrong types, unions and enums at their location', () => {
    const issues = validator.validate('completions_v2_completions_post', body({ model_name: 5, prompt: [1], max_tokens: 'many' }));
    expect(issues).toEqual([
      expect.objectContaining({ type: 'string_type', loc: ['body', 'model_name'], msg: 'Input should be a valid string' }),
      expect.objectContaining({ type: 'union_type', loc: ['body', 'prompt'], msg: 'Input should be a valid string or a valid list' }),
      expect.objectContaining({ type: 'int_type', loc: ['body', 'max_tokens'], msg: 'Input should be a valid integer' }),
    ]);
    expect(validator.validate('start_download_models_v1alpha_downloaded_models_post', body({ hf_model_name: 'm', model_type: 'gpt' }))).toEqual([
      expect.objectContaining({ type: 'enum', loc: ['body', 'model_type'], msg: "Input should be 'transformer' or 'embedding'" }),
    ]);
  });

  it('validates nested objects through their references', () => {
    const issues = validator.validate('train_v1_train_post', body({ model_name: 'm', finetune_args: { max_steps: 'ten', optim: 'sgd' } }));
    expect(issues.map((i) => i.loc)).toEqual([
      ['body', 'finetune_args', 'max_steps'],
      ['body', 'finetune_args', 'optim'],
    ]);
  });

  it('requires a body where the spec does', () => {
    expect(validator.validate('completions_v2_completions_post', { body: undefined, params: {}, query: {}, hasBody: false })).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
  });

  it('coerces path parameters to their declared types, and reports those that cannot be', () => {
    const params: Record<string, unknown> = { job_id: '17' };
    expect(validator.validate('train_status_v1_train_jobs__job_id__get', { body: undefined, params, query: {}, hasBody: false })).toEqual([]);
    expect(params.job_id).toBe(17);
    expect(
      validator.validate('train_status_v1_train_jobs__job_id__get', { body: undefined, params: { job_id: 'x' }, query: {}, hasBody: false }),
    ).toEqual([expect.objectContaining({ type: 'int_type', loc: ['path', 'job_id'] })]);
  });

  it('checks output_type names, which the spec states only in words', () => {
    const issues = validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'p', output_type: { a: 'str', b: 'number' } }));
    expect(issues).toEqual([expect.objectContaining({ type: 'value_error', loc: ['body', 'output_type', 'b'] })]);
  });

  it('knows the payloads the spec forgot to define', () => {
    expect(validator.validate('memory_rag_completions_post', body({ prompt: 'q' }))).toEqual([
      expect.objectContaining({ type: 'missing', loc: ['body', 'job_id'] }),
    ]);
  });

  describe('null, as the Lamini SDK sends for every option it was not given', () => {
    it('means absent on an optional field, at any depth, and lets the default fill in', () => {
      const payload: Record<string, unknown> = { model_name: 'm', prompt: 'p', output_type: null, max_tokens: null, max_new_tokens: null };
      expect(validator.validate('completions_v1_completions_post', body(payload))).toEqual([]);
      expect(payload).toEqual({ model_name: 'm', prompt: 'p' });

      const embedding: Record<string, unknown> = { prompt: 'hi', model_name: null };
      expect(validator.validate('embedding_v1_embedding_post', body(embedding))).toEqual([]);
      expect(embedding.model_name).toBe('sentence-transformers/all-MiniLM-L6-v2');

      const train: Record<string, unknown> = { model_name: 'm', finetune_args: { max_steps: null, learning_rate: 0.001 }, gpu_config: null };
      expect(validator.validate('train_v1_train_post', body(train))).toEqual([]);
      expect(train.finetune_args).toMatchObject({ max_steps: 100, learning_rate: 0.001 });
      expect(train.gpu_config).toEqual({ gpus: 0, nodes: 0 });
    });

    it('is still refused on a required field', () => {
      expect(validator.validate('completions_v1_completions_post', body({ model_name: null, prompt: 'p' }))).toEqual([
        expect.objectContaining({ type: 'string_type', loc: ['body', 'model_name'], input: null }),
      ]);
    });

    it('is refused where it is not a field but a value (an output_type entry)', () => {
      expect(validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'p', output_type: { a: null } }))).toEqual([
        expect.objectContaining({ loc: ['body', 'output_type', 'a'] }),
      ]);
    });
  });

  describe('what the database could not store', () => {
    it('refuses the NUL character anywhere: a prompt in a list, a field name, a path id', () => {
      expect(validator.validate('batch_completion_v1_batch_completions_post', body({ model_name: 'm', prompt: ['fine', 'bad\u0000'] }))).toEqual([
        { type: 'string_unstorable', loc: ['body', 'prompt', 1], msg: 'Input should not contain the NUL character (\\u0000)', input: 'bad\u0000' },
      ]);
      expect(validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'p', output_type: { 'a\u0000': 'str' } }))).toEqual([
        expect.objectContaining({ type: 'string_unstorable', loc: ['body', 'output_type', 'a\u0000'] }),
      ]);
      const params = { id: 'abc\u0000' };
      expect(validator.validate('batch_completion_result_v1_batch_completions__id__result_get', { body: undefined, params, query: {}, hasBody: false })).toEqual([
        expect.objectContaining({ type: 'string_unstorable', loc: ['path', 'id'] }),
      ]);
    });

    it('refuses a lone surrogate, and keeps other control characters and astral characters', () => {
      expect(validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'x\ud800y' }))).toEqual([
        expect.objectContaining({ type: 'string_unstorable', loc: ['body', 'prompt'], msg: expect.stringContaining('unpaired surrogate') }),
      ]);
      expect(validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'tab\t bell\u0007 esc\u001b \ud83d\ude00' }))).toEqual([]);
    });
  });

  it('refuses integers JavaScript cannot hold exactly', () => {
    expect(validator.validate('completions_v2_completions_post', body({ model_name: 'm', prompt: 'p', max_new_tokens: 1e300 }))).toEqual([
      expect.objectContaining({ type: 'less_than_equal', loc: ['body', 'max_new_tokens'], msg: `Input should be less than or equal to ${Number.MAX_SAFE_INTEGER}` }),
    ]);
    expect(
      validator.validate('train_status_v1_train_jobs__job_id__get', { body: undefined, params: { job_id: '123456789012345678901234567890' }, query: {}, hasBody: false }),
    ).toEqual([expect.objectContaining({ type: 'less_than_equal', loc: ['path', 'job_id'] })]);
  });

  it('takes a hub model id only in the hub\u2019s own form', () => {
    const download = (hf_model_name: string) => validator.validate('start_download_models_v1alpha_downloaded_models_post', body({ hf_model_name }));
    for (const good of ['meta-llama/Llama-3.2-3B-Instruct', 'sentence-transformers/all-MiniLM-L6-v2', 'stories260K']) expect(download(good)).toEqual([]);
    for (const bad of ['#', '', 'a/b/c', 'org/na--me', 'org/..', 'org/name.git', '-org/name', 'org/' + 'x'.repeat(97)]) {
      expect(download(bad)).toEqual([expect.objectContaining({ type: 'string_pattern_mismatch', loc: ['body', 'hf_model_name'] })]);
    }
  });
});
