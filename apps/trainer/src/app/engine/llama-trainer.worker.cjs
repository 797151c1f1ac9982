// Plain-JS entry of the worker thread. Built (dist/), the compiled worker sits beside it. From the
// sources, Jest's transform does not reach worker threads, and the service's `-r tools/register.cjs`
// may not either, so register swc here when .ts is not loadable (`#register-ts` is the root
// package.json's name for tools/register.cjs).
if (require('node:fs').existsSync(`${__dirname}/llama-trainer.worker.js`)) require('./llama-trainer.worker.js');
else {
  if (!require.extensions['.ts']) require('#register-ts');
  require('./llama-trainer.worker.ts');
}
