#!/usr/bin/env node
// Builds one app into dist/apps/<app>/ (the Nx `build` target of every deployable app):
//   main.js                 runs the app: `node main.js`, no TypeScript tooling
//   migrate.js, create-key.js, revoke-key.js
//                           the database scripts (npm run db:migrate, keys:*), in every app that
//                           opens the database: `node migrate.js` is a release step in any image
//   apps/<app>/..., libs/   the JavaScript of what main.ts reaches, in the repository's layout
//   prisma/migrations       when the app reaches the persistence lib, which applies them at start
//   package.json            the third-party packages the app imports, pinned to the lockfile's
//   package-lock.json       versions, and the lockfile cut down to them (pruned-manifest.cjs)
//   .npmrc                  the repository's install settings, for `npm install` there
// Usage: node tools/build/build-app.cjs <app> [--native cpu|cuda] [--out <dir>]
// --native picks the prebuilt llama.cpp packages the install brings (native-packages.cjs).
const { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { ROOT, compileGraph } = require('./module-graph.cjs');
const { prunedManifest } = require('./pruned-manifest.cjs');

// Folders read at run time by a path relative to the sources (`__dirname/../../../../prisma/
// migrations`), keyed by the folder of the code that reads them; the mirror layout keeps the path.
const ASSETS = {
  'libs/persistence/': ['prisma/migrations'],
};
const PRISMA_CLIENT = 'libs/persistence/src/generated/prisma/client.ts';
// Scripts built beside main.js when the app reaches the persistence lib.
const DATABASE_TOOLS = {
  'migrate.js': 'tools/db/migrate.ts',
  'create-key.js': 'tools/keys/create-key.ts',
  'revoke-key.js': 'tools/keys/revoke-key.ts',
};

function launcher(out, name, entry) {
  writeFileSync(join(out, name), `'use strict';\n// Built by tools/build/build-app.cjs from ${entry}.\nrequire('./${entry.replace(/\.ts$/, '.js')}');\n`);
}

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

function buildApp(app, { native = 'cpu', outRoot = join(ROOT, 'dist/apps') } = {}) {
  const entry = `apps/${app}/src/main.ts`;
  if (!existsSync(join(ROOT, entry))) throw new Error(`no app ${app} (${entry} is missing)`);
  if (!existsSync(join(ROOT, PRISMA_CLIENT))) throw new Error(`${PRISMA_CLIENT} is missing: run \`node tools/prisma-generate.cjs\` (npm install does)`);
  const out = join(outRoot, app);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const graph = compileGraph(entry, out);
  launcher(out, 'main.js', entry);
  if (graph.files.some((f) => f.startsWith('libs/persistence/'))) {
    for (const [name, tool] of Object.entries(DATABASE_TOOLS).filter(([, tool]) => existsSync(join(ROOT, tool)))) {
      const more = compileGraph(tool, out, graph.files);
      graph.files = [...new Set([...graph.files, ...more.files])];
      graph.packages = [...new Set([...graph.packages, ...more.packages])];
      launcher(out, name, tool);
    }
  }
  const assets = Object.entries(ASSETS).filter(([reader]) => graph.files.some((f) => f.startsWith(reader)));
  for (const folder of assets.flatMap(([, folders]) => folders)) cpSync(join(ROOT, folder), join(out, folder), { recursive: true });
  const { manifest, lockfile } = prunedManifest(app, graph, native);
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(out, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  if (existsSync(join(ROOT, '.npmrc'))) cpSync(join(ROOT, '.npmrc'), join(out, '.npmrc'));
  return { out, files: graph.files.length, dependencies: manifest.dependencies, lockEntries: Object.keys(lockfile.packages).length - 1 };
}

module.exports = { buildApp };

if (require.main === module) {
  const args = process.argv.slice(2);
  const app = args[0];
  if (!app || app.startsWith('-')) {
    console.error('usage: build-app.cjs <app> [--native cpu|cuda] [--out <dir>]');
    process.exit(2);
  }
  const started = Date.now();
  const outRoot = option(args, '--out');
  const result = buildApp(app, { native: option(args, '--native', 'cpu'), outRoot: outRoot && resolve(outRoot) });
  const deps = Object.keys(result.dependencies);
  console.log(
    `${app}: ${result.files} files into ${relative(process.cwd(), result.out) || '.'} in ${Date.now() - started} ms; ` +
      `${deps.length} dependencies (${result.lockEntries} packages installed): ${deps.join(' ')}`,
  );
}
