// Plain-JS entry of the worker thread: Jest's transform does not reach worker threads, and the
// service's `-r tools/register.cjs` may not either, so register swc here when .ts is not loadable.
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

if (!require.extensions['.ts']) {
  let dir = __dirname;
  while (!existsSync(join(dir, 'tools/register.cjs'))) {
    if (dirname(dir) === dir) throw new Error(`tools/register.cjs not found above ${__dirname}`);
    dir = dirname(dir);
  }
  require(join(dir, 'tools/register.cjs'));
}
require('./llama-trainer.worker.ts');
