import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(__dirname, '../fixtures');

interface Run {
  code: number | null;
  output: string;
  seconds: number;
}

/** Runs a fixture suite the way `npm test` runs every project's. */
function runSuite(fixture: string, env: Record<string, string> = {}): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['tools/jest/run-jest.cjs', join(FIXTURES, fixture)],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env }, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        // eslint-disable-next-line no-control-regex -- colour codes, whatever the environment asked for
        const output = (stdout + stderr).replace(/\u001b\[[0-9;]*m/g, '');
        resolve({ code, output, seconds: (Date.now() - started) / 1000 });
      },
    );
  });
}

/** `npm test` (and CI) must end with a summary whatever a test does. */
describe('the Jest runner of every project', () => {
  it('fails a test that never ends at its timeout, prints the summary and exits though a timer still runs', async () => {
    const run = await runSuite('hanging-test');
    expect(run.code).toBe(1);
    // Checked as booleans: a failure here must not print the inner run's summary into this run's log.
    expect(run.output.includes('Exceeded timeout of 1000 ms')).toBe(true);
    expect(/Tests:\s+1 failed, 1 total/.test(run.output)).toBe(true);
    expect(run.seconds).toBeLessThan(30);
  });

  it('kills a suite stuck outside any test after its watchdog time, saying so', async () => {
    const run = await runSuite('hanging-setup', { JEST_WATCHDOG_MS: '4000' });
    expect(run.code).not.toBe(0);
    expect(run.output.includes('Jest did not finish within 4 s')).toBe(true);
    expect(run.seconds).toBeLessThan(30);
  });
});
