#!/usr/bin/env node
// Copies node-llama-cpp's local llama.cpp build (`npm run engine:build`) from the repository's
// node_modules into a built app's node_modules: the last build's binaries and the marks that
// node-llama-cpp and the trainer look for (llama/lastBuild.json, buildDone.status), without the
// cmake build tree beside them. The CPU inference image runs this after its pruned install.
// Usage: node tools/build/carry-engine-build.cjs <node_modules folder>
const { cpSync, existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { ROOT } = require('./module-graph.cjs');

function carryEngineBuild(nodeModules) {
  const from = join(ROOT, 'node_modules/node-llama-cpp/llama');
  const to = join(nodeModules, 'node-llama-cpp/llama');
  const lastBuild = join(from, 'lastBuild.json');
  if (!existsSync(lastBuild)) throw new Error(`no local llama.cpp build in ${from}: run \`npm run engine:build\` first`);
  if (!existsSync(to)) throw new Error(`${to} is missing: install the app's packages first`);
  const { folderName } = JSON.parse(readFileSync(lastBuild, 'utf8'));
  const build = join(from, 'localBuilds', folderName);
  for (const part of ['Release', 'buildDone.status']) {
    if (!existsSync(join(build, part))) throw new Error(`the local build ${folderName} is incomplete: ${part} is missing`);
    cpSync(join(build, part), join(to, 'localBuilds', folderName, part), { recursive: true });
  }
  cpSync(lastBuild, join(to, 'lastBuild.json'));
  return folderName;
}

module.exports = { carryEngineBuild };

if (require.main === module) {
  const nodeModules = process.argv[2];
  if (!nodeModules) {
    console.error('usage: carry-engine-build.cjs <node_modules folder>');
    process.exit(2);
  }
  console.log(`carried the local llama.cpp build ${carryEngineBuild(nodeModules)} into ${nodeModules}`);
}
