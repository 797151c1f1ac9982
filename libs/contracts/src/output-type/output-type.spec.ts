import { outputTypeIssues, parseOutputType } from './output-type';

describe('output_type', () => {
  it('accepts the four scalar types and the list forms', () => {
    const outputType = { answer: 'str', score: 'int', p: 'float', ok: 'bool', tags: ['str'], mood: ['happy', 'sad'], level: [1, 2, 3] };
    expect(outputTypeIssues(outputType)).toEqual([]);
    expect(parseOutputType(outputType)).toEqual([
      { name: 'answer', kind: 'scalar', type: 'str' },
      { name: 'score', kind: 'scalar', type: 'int' },
      { name: 'p', kind: 'scalar', type: 'float' },
      { name: 'ok', kind: 'scalar', type: 'bool' },
      { name: 'tags', kind: 'list', type: 'str' },
      { name: 'mood', kind: 'choice', values: ['happy', 'sad'] },
      { name: 'level', kind: 'choice', values: [1, 2, 3] },
    ]);
  });

  it('names the field with an unknown type', () => {
    expect(outputTypeIssues({ answer: 'str', score: 'integer' })).toEqual([
      expect.objectContaining({ type: 'value_error', loc: ['body', 'output_type', 'score'], input: 'integer' }),
    ]);
  });

  it('refuses an empty output_type and an empty list', () => {
    expect(outputTypeIssues({})).toEqual([expect.objectContaining({ loc: ['body', 'output_type'] })]);
    expect(outputTypeIssues({ tags: [] })).toEqual([expect.objectContaining({ loc: ['body', 'output_type', 'tags'] })]);
  });
});
