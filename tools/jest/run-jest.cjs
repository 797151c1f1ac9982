#!/usr/bin/env node
// Runs one project's Jest suite so that it always ends. Jest's own timeouts fail a stuck test
// or hook, and `forceExit` (in the preset) ends the process when something a test started
// keeps running after it; this watchdog ends what neither can reach: a hang outside any test
// (global setup, a module that never finishes loading, a native call that never returns).
// Usage: node tools/jest/run-jest.cjs <project root> [extra Jest arguments]
const { spawn } = require('node:child_process');
const { join, resolve } = require('node:path');

const WATCHDOG_MS = Number(process.env.JEST_WATCHDOG_MS ?? 20 * 60_000);
const [projectRoot, ...jestArgs] = process.argv.slice(2);
if (!projectRoot) {
  console.error('usage: run-jest.cjs <project root> [jest arguments]');
  process.exit(2);
}

const root = resolve(__dirname, '../..');
const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    join(root, 'node_modules/jest/bin/jest.js'),
    '--config',
    join(resolve(projectRoot), 'jest.config.cjs'),
    '--passWithNoTests=false',
    ...jestArgs,
  ],
  { stdio: 'inherit', detached: true },
);

const watchdog = setTimeout(() => {
  console.error(`\n${projectRoot}: Jest did not finish within ${WATCHDOG_MS / 1000} s; killing it (JEST_WATCHDOG_MS).`);
  // Jest's workers and anything the tests spawned are in its process group.
  process.kill(-jest.pid, 'SIGKILL');
}, WATCHDOG_MS);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.kill(-jest.pid, 'SIGKILL');
    process.exit(1);
  });
}

jest.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
