#!/usr/bin/env node
// Puts a built app (dist/apps/<app>) in a folder outside the repository together with exactly the
// packages of its pruned lockfile, hard-linked from this checkout's node_modules, and prunes what
// the image prunes: what `npm install` and prune-unused.cjs leave in the image, without a
// registry. Run from there, the app cannot reach the repository's node_modules, so a package the
// pruned manifest misses fails at once. The built-apps test runs the apps this way.
// The links share the checkout's files: nothing may write into the staged node_modules.
// Usage: node tools/build/stage-app.cjs <dist/apps/app> <folder>
const { cpSync, linkSync, mkdirSync, readlinkSync, rmSync, symlinkSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { ROOT } = require('./module-graph.cjs');
const { lockPaths, walkPackage } = require('./app-packages.cjs');
const { unusedPaths } = require('./prune-unused.cjs');

function stageApp(distDir, folder) {
  rmSync(folder, { recursive: true, force: true });
  cpSync(distDir, folder, { recursive: true });
  for (const path of lockPaths(distDir)) {
    mkdirSync(join(folder, path), { recursive: true });
    walkPackage(ROOT, path, (rel, stats) => {
      const [from, to] = [join(ROOT, rel), join(folder, rel)];
      if (stats.isDirectory()) mkdirSync(to, { recursive: true });
      else if (stats.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
      else linkSync(from, to);
    });
  }
  for (const path of unusedPaths(join(folder, 'node_modules'))) rmSync(path, { recursive: true, force: true });
  return folder;
}

module.exports = { stageApp };

if (require.main === module) {
  const [distDir, folder] = process.argv.slice(2);
  if (!distDir || !folder) {
    console.error('usage: stage-app.cjs <dist/apps/app> <folder>');
    process.exit(2);
  }
  const started = Date.now();
  stageApp(resolve(distDir), resolve(folder));
  console.log(`staged ${distDir} in ${folder} in ${Date.now() - started} ms; run: node ${join(folder, 'main.js')}`);
}
