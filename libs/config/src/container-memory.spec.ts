import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCgroupMemoryLimit } from './container-memory';

describe('readCgroupMemoryLimit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgroup-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reads a limit in bytes from the first file that exists', () => {
    expect(readCgroupMemoryLimit([join(dir, 'absent'), file('v2', '8589934592\n')])).toBe(8 * 2 ** 30);
  });

  it('knows no limit when there is none or nothing to read', () => {
    expect(readCgroupMemoryLimit([file('max', 'max\n'), file('other', '1024')])).toBeUndefined();
    expect(readCgroupMemoryLimit([file('v1', '9223372036854771712\n')])).toBeUndefined();
    expect(readCgroupMemoryLimit([join(dir, 'absent')])).toBeUndefined();
  });
});
