#!/usr/bin/env node
// npm run images:size: the expected size of each image of docker/, from what it holds, with no
// Docker daemon. Each Dockerfile names the app and the native flavor it builds (`nx run
// <app>:build[:cuda]`); the app is built as it would be (into a temporary folder), and the image's
// contents are weighed: the compiled app, and the packages of its pruned lockfile as installed in
// this checkout's node_modules (same versions), less what prune-unused.cjs deletes. For
// comparison, `before` weighs what the images held until they were built this way: the apps' and
// libs' sources and every production package of the repository's lockfile for linux-x64 (all
// llama.cpp prebuilts included). Base images are not counted (named in the table).
// Writes bench/results/image-sizes.json.
const { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, join, relative } = require('node:path');
const { ROOT } = require('./module-graph.cjs');
const { buildApp } = require('./build-app.cjs');
const { lockPaths, walkPackage } = require('./app-packages.cjs');
const { unusedPaths } = require('./prune-unused.cjs');

const MB = 1024 * 1024;
// Packages whose weight is native binaries, reported apart.
const NATIVE = /^(@node-llama-cpp\/|node-llama-cpp$|onnxruntime-node$|koffi$|@koromix\/|usearch$)/;

/** The app, flavor and base image a Dockerfile builds. */
function readDockerfile(file) {
  const text = readFileSync(file, 'utf8');
  const build = text.match(/nx run ([\w-]+):build(?::(\w+))?/);
  if (!build) throw new Error(`${file} runs no \`nx run <app>:build\``);
  const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  return { app: build[1], native: build[2] ?? 'cpu', base: froms[froms.length - 1], engineBuild: text.includes('carry-engine-build') };
}

function folderBytes(root, skip = () => false) {
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skip(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) bytes += statSync(path).size;
    }
  };
  walk(root);
  return bytes;
}

/** Bytes of each lockfile entry as installed in this checkout, less `excluded` paths. */
function packageBytes(paths, excluded = new Set()) {
  const sizes = {};
  for (const path of paths) {
    if (!existsSync(join(ROOT, path))) throw new Error(`${path} is not installed here: run npm install`);
    let bytes = 0;
    walkPackage(ROOT, path, (rel, stats) => {
      if (stats.isFile() && ![...excluded].some((x) => rel === x || rel.startsWith(`${x}/`))) bytes += stats.size;
    });
    const name = path.replace(/^.*node_modules\//, '');
    sizes[name] = (sizes[name] ?? 0) + bytes;
  }
  return sizes;
}

function localEngineBuildBytes() {
  const llama = join(ROOT, 'node_modules/node-llama-cpp/llama');
  if (!existsSync(join(llama, 'lastBuild.json'))) return undefined;
  const { folderName } = JSON.parse(readFileSync(join(llama, 'lastBuild.json'), 'utf8'));
  return folderBytes(join(llama, 'localBuilds', folderName, 'Release'));
}

/** What the images held before: sources, and every production package for linux-x64. */
function beforeBytes() {
  const { fitsTarget } = require('./pruned-manifest.cjs');
  const { packages } = require(join(ROOT, 'package-lock.json'));
  const prod = Object.keys(packages).filter((p) => p && !packages[p].dev && fitsTarget(packages[p]) && existsSync(join(ROOT, p)));
  const modules = Object.values(packageBytes(prod)).reduce((a, b) => a + b, 0);
  const sources = ['apps', 'libs', 'prisma'].reduce((sum, dir) => sum + folderBytes(join(ROOT, dir), (p) => p === join(ROOT, 'apps/e2e')), 0);
  return modules + sources;
}

function measure(dockerfile, outRoot) {
  const image = readDockerfile(dockerfile);
  const { out } = buildApp(image.app, { native: image.native, outRoot: join(outRoot, image.native) });
  const app = folderBytes(out);
  const paths = lockPaths(out);
  const excluded = new Set(unusedPaths(join(ROOT, 'node_modules')).map((p) => relative(ROOT, p)));
  const sizes = packageBytes(paths, excluded);
  const modules = Object.values(sizes).reduce((a, b) => a + b, 0);
  const native = Object.entries(sizes).filter(([name]) => NATIVE.test(name));
  const engine = image.engineBuild ? localEngineBuildBytes() : 0;
  return {
    image: basename(dockerfile, '.Dockerfile'),
    ...image,
    appBytes: app,
    packages: paths.length,
    nodeModulesBytes: modules,
    nativeBytes: Object.fromEntries(native.sort((a, b) => b[1] - a[1])),
    largestPackages: Object.fromEntries(Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 5)),
    // The CPU inference image compiles llama.cpp; measured only where `npm run engine:build` ran.
    localEngineBuildBytes: image.engineBuild ? (engine ?? null) : undefined,
    totalBytes: app + modules + (engine ?? 0),
  };
}

function main() {
  const outRoot = mkdtempSync(join(tmpdir(), 'image-sizes-'));
  try {
    const dockerfiles = readdirSync(join(ROOT, 'docker')).filter((f) => f.endsWith('.Dockerfile')).sort();
    const images = dockerfiles.map((f) => measure(join(ROOT, 'docker', f), outRoot));
    const before = beforeBytes();
    const mb = (bytes) => (bytes / MB).toFixed(1);
    const rows = images.map((i) => [
      i.image,
      i.base,
      mb(i.appBytes),
      String(i.packages),
      mb(i.nodeModulesBytes),
      mb(Object.values(i.nativeBytes).reduce((a, b) => a + b, 0)),
      i.localEngineBuildBytes === undefined ? '' : i.localEngineBuildBytes === null ? 'not built here' : mb(i.localEngineBuildBytes),
      mb(i.totalBytes),
    ]);
    const header = ['image', 'base', 'app MB', 'packages', 'node_modules MB', 'of which native MB', 'llama.cpp build MB', 'total on base MB'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
    console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
    console.log(`\nBefore (sources and every production package for linux-x64, in each image): ${mb(before)} MB on the base.`);
    const result = { measuredAt: new Date().toISOString(), unit: 'bytes', beforeBytesPerImage: before, images };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/image-sizes.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('Written to bench/results/image-sizes.json');
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}

module.exports = { readDockerfile };

if (require.main === module) main();
