// Runs TypeScript sources with swc (the compiler the tests use), keeping `import()` native so
// ESM-only packages with top-level await (node-llama-cpp) load from our CommonJS output.
process.env.SWC_NODE_IGNORE_DYNAMIC = '1';
require('@swc-node/register');
