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
});
