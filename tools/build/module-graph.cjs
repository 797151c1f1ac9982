// Compiles what an entry point reaches at run time, file by file, into a mirror of the repository
// layout (dist/apps/<app>/apps/<app>/src/main.js, dist/apps/<app>/libs/...). Mirroring rather than
// bundling keeps every `__dirname`-relative path of the sources true in dist/ (the migrations
// folder, the worker threads' .cjs entries), and keeps `import()` a native import, as
// tools/register.cjs does, so ESM-only packages with top-level await (node-llama-cpp) still load.
// The graph is read from swc's CommonJS output, so type-only imports, which it erases, are not
// followed; `@lamini/*` aliases are rewritten to relative paths.
const { transformSync } = require('@swc/core');
const { builtinModules } = require('node:module');
const { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '../..');

// The options of the Jest preset and tools/register.cjs: legacy decorators with metadata (Nest's
// injection reads it), CommonJS with import() left native.
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: false,
  swcrc: false,
  configFile: false,
};

const CALL = /\b(require|import)\(\s*(["'])([^"'\n]+)\2\s*\)/g;
// A sibling file named in a string (`join(__dirname, 'x.worker.cjs')`) is loaded by path: an entry too.
const SIBLING = /["']([\w.-]+\.c?js)["']/g;
const BUILTINS = new Set(builtinModules);

function aliases() {
  const { paths } = require(join(ROOT, 'tsconfig.base.json')).compilerOptions;
  return new Map(Object.entries(paths).map(([alias, [target]]) => [alias, join(ROOT, target)]));
}

function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}

/** The file a relative specifier names, as Node (and TypeScript's `./x.js` for x.ts) would find it. */
function resolveLocal(base) {
  const candidates = [base, `${base}.ts`, join(base, 'index.ts'), `${base}.js`, `${base}.cjs`, `${base}.json`, join(base, 'index.js')];
  if (base.endsWith('.js')) candidates.splice(1, 0, base.replace(/\.js$/, '.ts'));
  return candidates.find(isFile);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function outputPath(file) {
  return file.replace(/\.ts$/, '.js');
}

function relativeSpecifier(fromFile, toFile) {
  const path = relative(dirname(fromFile), outputPath(toFile)).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Compiles `entry` (a path from the repository root) and everything it reaches into `outDir`,
 * except the files of `done` (repository-relative, compiled there before with what they reach).
 * Returns the repository-relative source files reached and the third-party packages they import.
 */
function compileGraph(entry, outDir, done = []) {
  const alias = aliases();
  const skip = new Set(done.map((f) => join(ROOT, f)));
  const files = new Set();
  const packages = new Set();
  const queue = [];

  const visit = (file) => {
    if (files.has(file) || skip.has(file)) return;
    files.add(file);
    queue.push(file);
  };
  visit(join(ROOT, entry));

  while (queue.length) {
    const file = queue.shift();
    const source = readFileSync(file, 'utf8');
    const out = join(outDir, relative(ROOT, outputPath(file)));
    mkdirSync(dirname(out), { recursive: true });
    if (file.endsWith('.json')) {
      copyFileSync(file, out);
      continue;
    }
    const code = file.endsWith('.ts') ? transformSync(source, { ...SWC_OPTIONS, filename: file }).code : source;
    const rewritten = code.replace(CALL, (call, kind, quote, specifier) => {
      if (specifier.startsWith('node:') || BUILTINS.has(specifier) || specifier.startsWith('#')) return call;
      const target = alias.get(specifier) ?? (specifier.startsWith('.') ? resolveLocal(resolve(dirname(file), specifier)) : undefined);
      if (!target) {
        if (specifier.startsWith('.') || specifier.startsWith('@lamini/')) throw new Error(`${relative(ROOT, file)}: cannot resolve ${specifier}`);
        packages.add(packageName(specifier));
        return call;
      }
      visit(target);
      // Plain .cjs/.js files are copied as written; their relative requires hold in the mirror.
      if (!file.endsWith('.ts')) return call;
      return `${kind}(${quote}${relativeSpecifier(file, target)}${quote})`;
    });
    if (file.endsWith('.ts')) {
      for (const [, name] of source.matchAll(SIBLING)) {
        const sibling = join(dirname(file), name);
        if (isFile(sibling)) visit(sibling);
      }
    }
    writeFileSync(out, rewritten);
  }
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

module.exports = { compileGraph, ROOT };
