// The package.json and package-lock.json of one built app: only the third-party packages its
// code imports (plus the few loaded by name, see native-packages.cjs), at the versions of the
// repository's lockfile, and the lockfile cut down to what those packages need, so that
// `npm install` in the image installs exactly the tested versions and nothing else. Entries keep
// their place in the tree (node_modules/a/node_modules/b), so each package resolves its
// dependencies to the same versions as in the repository.
const { ROOT } = require('./module-graph.cjs');
const { implicitPackages, isForeignPlatformPackage, platformPackages } = require('./native-packages.cjs');
const { join } = require('node:path');

// The images are linux/x64 on glibc (node:20-bookworm-slim, nvidia/cuda on Ubuntu).
const TARGET = { os: 'linux', cpu: 'x64', libc: 'glibc' };

function fitsTarget(entry) {
  return Object.entries(TARGET).every(([field, value]) => {
    const allowed = entry[field];
    if (!allowed) return true;
    if (allowed.includes(`!${value}`)) return false;
    return allowed.includes(value) || allowed.every((a) => a.startsWith('!'));
  });
}

/** Where a package `name` required from the lock entry at `from` sits, by Node's resolution. */
function locate(packages, from, name) {
  for (let base = from; ; ) {
    const path = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[path]) return path;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up >= 0 ? base.slice(0, up) : '';
  }
}

// npm installs required peers but not optional ones (@prisma/client's `prisma` and `typescript`).
function edges(entry) {
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...Object.keys(entry.peerDependencies ?? {})
      .filter((name) => !optionalPeers[name]?.optional)
      .map((name) => ({ name, optional: false })),
  ];
}

/** Lock paths reachable from the root entry; through required edges only unless `withOptional`. */
function reachable(packages, flavor, withOptional) {
  const seen = new Set();
  const queue = [''];
  while (queue.length) {
    const from = queue.shift();
    for (const edge of edges(packages[from])) {
      if (edge.optional && (!withOptional || isForeignPlatformPackage(edge.name, flavor))) continue;
      const path = locate(packages, from, edge.name);
      if (!path) {
        if (edge.optional) continue;
        throw new Error(`${from || 'the app'} needs ${edge.name}, which the lockfile does not hold`);
      }
      if (edge.optional && !fitsTarget(packages[path])) continue;
      if (!seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return seen;
}

// The full lockfile's dev/optional/peer flags describe the whole repository's tree; here every
// package is a production one, optional only where nothing requires it. The flag keeps its place
// among the keys, as npm writes it.
function withFlags(entry, optional) {
  const result = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'optional' || key === 'devOptional') {
      if (optional) result.optional = true;
    } else if (key !== 'dev' && key !== 'peer') result[key] = value;
  }
  return optional && !result.optional ? { ...result, optional: true } : result;
}

/**
 * `files` and `packages` are what the app's code reaches (module-graph.cjs); `flavor` picks the
 * native binaries (`cpu` or `cuda`).
 */
function prunedManifest(app, { files, packages }, flavor) {
  const rootManifest = require(join(ROOT, 'package.json'));
  const lock = require(join(ROOT, 'package-lock.json'));
  const direct = [...new Set([...packages, ...implicitPackages(files, packages)])];
  const wanted = [...direct, ...platformPackages(direct, flavor)].sort();
  const dependencies = {};
  for (const name of wanted) {
    if (rootManifest.devDependencies?.[name]) throw new Error(`${app} imports ${name}, a devDependency: make it a dependency`);
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${app} imports ${name}, which is not in package-lock.json`);
    dependencies[name] = entry.version;
  }
  const manifest = {
    name: `${rootManifest.name}-${app}`,
    version: rootManifest.version,
    private: true,
    description: `${app} of ${rootManifest.name}, built by tools/build/build-app.cjs (native: ${flavor})`,
    license: rootManifest.license,
    engines: rootManifest.engines,
    main: 'main.js',
    scripts: { start: 'node main.js' },
    dependencies,
  };

  const all = { ...lock.packages, '': { name: manifest.name, version: manifest.version, license: manifest.license, dependencies, engines: manifest.engines } };
  const required = reachable(all, flavor, false);
  const kept = [...reachable(all, flavor, true)].sort();
  const lockPackages = { '': all[''] };
  for (const path of kept) lockPackages[path] = withFlags(all[path], !required.has(path));
  const lockfile = { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: lockPackages };
  return { manifest, lockfile, installed: kept };
}

module.exports = { fitsTarget, prunedManifest };
