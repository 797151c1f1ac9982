/**
 * Keeps libuv's thread pool, where node-llama-cpp runs each decode, at one thread. With the
 * default four, a 134M model on 2 llama threads fell from 90 to 49 tok/s for one stream and
 * from 157 to 95 for eight (measured on 2 cores). Call it before anything uses the pool: libuv
 * reads the variable when the pool first starts. An explicit UV_THREADPOOL_SIZE is kept.
 */
export function limitLibuvPool(env: NodeJS.ProcessEnv = process.env) {
  env['UV_THREADPOOL_SIZE'] ??= '1';
}
