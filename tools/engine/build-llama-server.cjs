// npm run engine:build-anchor: builds llama.cpp's own `llama-server` from the llama.cpp sources
// node-llama-cpp ships (its git bundle; nothing is downloaded), with llama.cpp's CMake defaults on
// the CPU (GGML_NATIVE, OpenMP), into tmp/llama-server/bin. `npm run bench:inference` runs it
// beside the platform, on the same model files, threads, prompts and token counts, and reports
// every figure as a ratio to it. Needs cmake and a C++ compiler; about 10 minutes on 2 cores.
// Skipped when already built from the same commit.
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join } = require('node:path');
const { llamaSource, root, sourceCommit } = require('./llama-source.cjs');

const out = join(root, 'tmp/llama-server');
const binary = join(out, 'bin/llama-server');
const stamp = join(out, 'built-from.txt');

const src = llamaSource('tools/server/server.cpp');
const commit = sourceCommit();
if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === commit) {
  console.log(`llama-server is built: ${binary}`);
  process.exit(0);
}
const run = (args) => execFileSync('cmake', args, { stdio: 'inherit' });
run([
  '-S', src,
  '-B', out,
  '-DCMAKE_BUILD_TYPE=Release',
  '-DGGML_NATIVE=ON',
  '-DGGML_CCACHE=OFF',
  '-DBUILD_SHARED_LIBS=OFF',
  '-DLLAMA_CURL=OFF',
  '-DLLAMA_OPENSSL=OFF',
  '-DLLAMA_BUILD_COMMON=ON',
  '-DLLAMA_BUILD_TOOLS=ON',
  '-DLLAMA_BUILD_SERVER=ON',
  '-DLLAMA_BUILD_EXAMPLES=OFF',
  // No web UI: it would be built with npm or downloaded; the benchmark only calls the API.
  '-DLLAMA_BUILD_UI=OFF',
  '-DLLAMA_USE_PREBUILT_UI=OFF',
  '-DLLAMA_BUILD_TESTS=OFF',
]);
run(['--build', out, '--target', 'llama-server', '-j', String(Math.max(1, cpus().length))]);
writeFileSync(stamp, commit);
console.log(`built ${binary} from llama.cpp ${commit}`);
