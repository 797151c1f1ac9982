import { InvalidInputError, PayloadTooLargeError } from '@lamini/contracts';
import { readClassifierConfig } from '../classifier.config';
import { checkResourceName, labelledExamples, textKey } from './labelled-examples';

const limits = { ...readClassifierConfig({}).limits, maxProjectRows: 3, maxExampleChars: 10 };

function locOf(run: () => unknown): Array<string | number> {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.loc;
    throw error;
  }
  throw new Error('did not throw');
}

describe('labelled examples', () => {
  it('turns {class: example | [examples]} into rows in order', () => {
    expect(labelledExamples({ cat: 'meow', dog: ['woof', 'bark'] }, 'data', limits)).toEqual([
      { label: 'cat', text: 'meow' },
      { label: 'dog', text: 'woof' },
      { label: 'dog', text: 'bark' },
    ]);
  });

  it('names the class and index of a bad example', () => {
    expect(locOf(() => labelledExamples({ cat: ['meow', 3] }, 'data', limits))).toEqual(['data', 'cat', 1]);
    expect(locOf(() => labelledExamples({ cat: ['   '] }, 'data', limits))).toEqual(['data', 'cat', 0]);
    expect(locOf(() => labelledExamples({ cat: ['x'.repeat(11)] }, 'data', limits))).toEqual(['data', 'cat', 0]);
    expect(locOf(() => labelledExamples({ cat: { a: 1 } }, 'data', limits))).toEqual(['data', 'cat']);
    expect(locOf(() => labelledExamples({ ' ': ['x'] }, 'data', limits))).toEqual(['data', ' ']);
  });

  it('refuses more rows than a project holds with a 413', () => {
    expect(() => labelledExamples({ cat: ['a', 'b'], dog: ['c', 'd'] }, 'data', limits)).toThrow(PayloadTooLargeError);
  });

  it('keys texts by their normalised form', () => {
    expect(textKey('  A  Late\tGOAL ')).toBe('a late goal');
    expect(textKey('ﬁne')).toBe('fine');
  });

  it('accepts a name that is one path segment, and nothing else', () => {
    expect(checkResourceName('my project.v2', ['name'])).toBe('my project.v2');
    for (const bad of ['', '   ', 'a/b', 'a\\b', 'tab\there', 'x'.repeat(129)]) expect(locOf(() => checkResourceName(bad, ['name']))).toEqual(['name']);
  });
});
