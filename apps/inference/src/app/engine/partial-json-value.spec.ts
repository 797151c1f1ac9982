import type { OutputField } from '@lamini/contracts';
import { valueOf } from './partial-json-value';

const str = { name: 'a', kind: 'scalar', type: 'str' } as const;
const int = { name: 'n', kind: 'scalar', type: 'int' } as const;
const float = { name: 'p', kind: 'scalar', type: 'float' } as const;
const bool = { name: 'ok', kind: 'scalar', type: 'bool' } as const;
const list = { name: 'tags', kind: 'list', type: 'str' } as const;
const choice: OutputField = { name: 'mood', kind: 'choice', values: ['happy', 'sad'] };

describe('valueOf', () => {
  it('takes complete values as they are', () => {
    expect(valueOf(str, '"Lily went out"')).toEqual({ value: 'Lily went out', complete: true });
    expect(valueOf(int, '42')).toEqual({ value: 42, complete: true });
    expect(valueOf(list, '["a", "b"]')).toEqual({ value: ['a', 'b'], complete: true });
    expect(valueOf(choice, '"sad"')).toEqual({ value: 'sad', complete: true });
  });

  it('closes values cut short, keeping their type', () => {
    expect(valueOf(str, '"Lily went')).toEqual({ value: 'Lily went', complete: false });
    expect(valueOf(str, '"a \\')).toEqual({ value: 'a ', complete: false });
    expect(valueOf(int, '-')).toEqual({ value: 0, complete: false });
    expect(valueOf(float, '3.')).toEqual({ value: 3, complete: false });
    expect(valueOf(bool, 'tr')).toEqual({ value: true, complete: false });
    expect(valueOf(list, '["a", "b')).toEqual({ value: ['a'], complete: false });
    expect(valueOf(choice, '"ha')).toEqual({ value: 'happy', complete: false });
    expect(valueOf(str, '')).toEqual({ value: '', complete: false });
  });

  it('does not take a value of the wrong type as complete', () => {
    expect(valueOf(int, '4.5').complete).toBe(false);
  });
});
