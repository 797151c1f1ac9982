// The llama.cpp sources node-llama-cpp ships (its git bundle of the release it was built from),
// cloned once into tmp/llama.cpp-src for the reference builds of bench:train and bench:inference.
// Nothing is downloaded.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, rmSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const src = join(root, 'tmp/llama.cpp-src');
const bundle = join(root, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');

/** The source folder, cloned from the bundle if `marker` (a file every release has) is missing. */
function llamaSource(marker = 'CMakeLists.txt') {
  if (!existsSync(join(src, marker))) {
    rmSync(src, { recursive: true, force: true });
    mkdirSync(dirname(src), { recursive: true });
    console.log(`cloning ${bundle}`);
    execFileSync('git', ['clone', '--quiet', '-c', 'advice.detachedHead=false', bundle, src], { stdio: 'inherit' });
  }
  return src;
}

function sourceCommit() {
  return execFileSync('git', ['-C', src, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}

module.exports = { llamaSource, sourceCommit, root };
