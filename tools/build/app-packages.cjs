// The packages a built app's pruned lockfile installs, read from this checkout's node_modules
// (where the same versions are installed): what stage-app.cjs links and image-sizes.cjs weighs.
// Each lockfile entry is its package folder without its nested node_modules, which are entries
// of their own, so nothing outside the lockfile is counted or linked.
const { lstatSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/** Lockfile paths (`node_modules/a`, `node_modules/a/node_modules/b`) of a built app. */
function lockPaths(distDir) {
  const { packages } = require(join(distDir, 'package-lock.json'));
  return Object.keys(packages).filter(Boolean);
}

/** Calls visit(relativePath, stats) for every entry under root/path, nested node_modules aside. */
function walkPackage(root, path, visit) {
  const walk = (rel, top) => {
    for (const name of readdirSync(join(root, rel))) {
      if (top && name === 'node_modules') continue;
      const child = join(rel, name);
      const stats = lstatSync(join(root, child));
      visit(child, stats);
      if (stats.isDirectory()) walk(child, false);
    }
  };
  walk(path, true);
}

module.exports = { lockPaths, walkPackage };
