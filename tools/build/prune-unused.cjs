#!/usr/bin/env node
// Deletes from an installed node_modules what the image never loads: other platforms' binaries,
// other databases' query compilers, llama.cpp's sources (UNUSED_PATHS in native-packages.cjs).
// The images run it after `npm install`; the size report leaves out the same paths.
// Usage: node tools/build/prune-unused.cjs <node_modules folder>
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');
const { UNUSED_PATHS } = require('./native-packages.cjs');

function globToRegExp(name) {
  return new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The existing paths under `nodeModules` that UNUSED_PATHS names. */
function unusedPaths(nodeModules) {
  const found = [];
  for (const [pkg, patterns] of Object.entries(UNUSED_PATHS)) {
    for (const pattern of patterns) {
      const dir = join(nodeModules, pkg, dirname(pattern));
      if (!existsSync(dir)) continue;
      const name = globToRegExp(basename(pattern));
      for (const entry of readdirSync(dir)) if (name.test(entry)) found.push(join(dir, entry));
    }
  }
  return found;
}

module.exports = { unusedPaths };

if (require.main === module) {
  const nodeModules = process.argv[2];
  if (!nodeModules || !existsSync(nodeModules)) {
    console.error('usage: prune-unused.cjs <node_modules folder>');
    process.exit(2);
  }
  const paths = unusedPaths(nodeModules);
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  console.log(`prune-unused: removed ${paths.length} paths from ${nodeModules}`);
}
