import { partialResponse } from './response-shapes';

/** What the Lamini SDK's batch reader takes from a poll: as many outputs from the start as there are finish reasons. */
function sdkReads(poll: { outputs: unknown[]; finish_reason: Array<string | null> }) {
  const available = poll.finish_reason.length - poll.finish_reason.filter((r) => r === null).length;
  return poll.outputs.slice(0, available);
}

describe('partialResponse', () => {
  const done = (output: string) => ({ output, finishReason: 'stop' as const });

  it('shows results only as a finished prefix, so the SDK never reads an unfinished prompt', () => {
    // Prompts 1 and 3 finished first; prompt 0 is still running.
    const poll = partialResponse([null, done('b'), null, done('d')]);
    expect(poll).toEqual({ outputs: [null, null, null, null], finish_reason: [null, null, null, null] });
    expect(sdkReads(poll)).toEqual([]);

    const later = partialResponse([done('a'), done('b'), null, done('d')]);
    expect(later).toEqual({ outputs: [{ output: 'a' }, { output: 'b' }, null, null], finish_reason: ['stop', 'stop', null, null] });
    expect(sdkReads(later)).toEqual([{ output: 'a' }, { output: 'b' }]);
  });

  it('shows the text so far of the first unfinished prompt (a stream) with a null finish reason', () => {
    expect(partialResponse([{ output: 'Once upon', finishReason: null }])).toEqual({ outputs: [{ output: 'Once upon' }], finish_reason: [null] });
  });

  it('is the whole answer once every prompt is done', () => {
    expect(partialResponse([done('a'), { output: { n: 1 }, finishReason: 'length' }])).toEqual({
      outputs: [{ output: 'a' }, { n: 1 }],
      finish_reason: ['stop', 'length'],
    });
  });
});
