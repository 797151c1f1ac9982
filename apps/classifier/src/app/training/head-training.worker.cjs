// Plain-JS entry of the worker thread: Jest's transform does not reach worker threads, and the
// service's `-r tools/register.cjs` may not either, so register swc here when .ts is not loadable
// (`#register-ts` is the root package.json's name for tools/register.cjs).
if (!require.extensions['.ts']) require('#register-ts');
require('./head-training.worker.ts');
