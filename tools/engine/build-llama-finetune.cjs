// node tools/engine/build-llama-finetune.cjs [--lib-dir DIR] [--engine-linked-only]: builds
// llama.cpp's own `llama-finetune` from the llama.cpp sources node-llama-cpp ships (its git
// bundle; nothing is downloaded), CPU only, for `npm run bench:train`. Two builds, each skipped
// when already there:
//
// - tmp/llama-finetune/engine-linked/bin/llama-finetune: finetune.cpp compiled against the very
//   libraries our training engine loads (node-llama-cpp's prebuilt libllama, libllama-common and
//   ggml with its dynamically loaded CPU variants, or the local build `npm run engine:build`
//   made; --lib-dir names them, by default chosen as node-llama-cpp and the engine choose). The
//   bin folder links those libraries in beside the executable, where ggml looks for its CPU
//   backends, so both sides run the same machine code for every op and the benchmark's ratio
//   measures the training loop around them, not compilers or CPU flags. The benchmark's ratio
//   uses this build.
// - tmp/llama-finetune/native/bin/llama-finetune: llama.cpp's own CMake build of the
//   llama-finetune target with its defaults (GGML_NATIVE=ON, OpenMP), i.e. the fastest
//   llama.cpp this machine's compiler makes: a reference for what a tuned build would gain.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join, resolve } = require('node:path');
const { llamaSource, root, sourceCommit } = require('./llama-source.cjs');

const out = join(root, 'tmp/llama-finetune');
const src = llamaSource('examples/training/finetune.cpp');
const jobs = String(Math.max(1, cpus().length));

const args = process.argv.slice(2);
const libDirArg = args.indexOf('--lib-dir');
const libDir = resolve(libDirArg >= 0 ? args[libDirArg + 1] : engineLibDir());
const engineLinkedOnly = args.includes('--engine-linked-only');

const run = (cmd, cmdArgs, options = {}) => execFileSync(cmd, cmdArgs, { stdio: 'inherit', ...options });

function main() {
  buildEngineLinked();
  if (!engineLinkedOnly) buildNative();
}

/** finetune.cpp against the engine's libraries, built with CMake from a small generated project. */
function buildEngineLinked() {
  const dir = join(out, 'engine-linked');
  const bin = join(dir, 'bin');
  const stamp = join(dir, 'built-for.json');
  const libs = libraryFiles(libDir);
  const wanted = JSON.stringify({ libDir, commit: sourceCommit() });
  if (existsSync(join(bin, 'llama-finetune')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    console.log(`llama-finetune (engine-linked) is built: ${join(bin, 'llama-finetune')}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(bin, { recursive: true });
  // Every library of the folder beside the executable: the linker's and loader's $ORIGIN, and the
  // folder ggml_backend_load_all() searches for libggml-cpu-<variant>.so.
  for (const file of readdirSync(libDir).filter((f) => /\.so(\.\d+)*$/.test(f))) symlinkSync(join(libDir, file), join(bin, file));
  const cmake = [
    'cmake_minimum_required(VERSION 3.14)',
    'project(llama-finetune-engine-linked CXX)',
    'set(CMAKE_CXX_STANDARD 17)',
    'set(CMAKE_CXX_STANDARD_REQUIRED ON)',
    'find_package(Threads REQUIRED)',
    `set(LLAMA_SRC "${src}")`,
    'add_executable(llama-finetune "${LLAMA_SRC}/examples/training/finetune.cpp")',
    'target_include_directories(llama-finetune PRIVATE "${LLAMA_SRC}/include" "${LLAMA_SRC}/ggml/include" "${LLAMA_SRC}/common")',
    `target_link_libraries(llama-finetune PRIVATE ${libs.map((f) => `"${join(bin, f)}"`).join(' ')} Threads::Threads)`,
    `set_target_properties(llama-finetune PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${bin}" BUILD_RPATH "\\$ORIGIN" SKIP_BUILD_RPATH OFF)`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'CMakeLists.txt'), cmake);
  run('cmake', ['-S', dir, '-B', join(dir, 'build'), '-DCMAKE_BUILD_TYPE=Release']);
  run('cmake', ['--build', join(dir, 'build'), '--target', 'llama-finetune', '-j', jobs]);
  writeFileSync(stamp, wanted);
  console.log(`built ${join(bin, 'llama-finetune')} against ${libDir}`);
}

/** llama.cpp's own build of the llama-finetune target, native CPU flags, CPU backend only. */
function buildNative() {
  const dir = join(out, 'native');
  if (existsSync(join(dir, 'bin/llama-finetune'))) {
    console.log(`llama-finetune (native) is built: ${join(dir, 'bin/llama-finetune')}`);
    return;
  }
  run('cmake', [
    '-S', src,
    '-B', dir,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DGGML_NATIVE=ON',
    '-DGGML_CCACHE=OFF',
    '-DLLAMA_CURL=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_COMMON=ON',
    '-DLLAMA_BUILD_EXAMPLES=ON',
    '-DLLAMA_BUILD_TOOLS=OFF',
    '-DLLAMA_BUILD_SERVER=OFF',
    '-DLLAMA_BUILD_APP=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
  ]);
  run('cmake', ['--build', dir, '--target', 'llama-finetune', '-j', jobs]);
  console.log(`built ${join(dir, 'bin/llama-finetune')}`);
}

/** The libraries finetune.cpp links: llama-common, llama, ggml and ggml-base (file names differ between prebuilt and local builds). */
function libraryFiles(dir) {
  if (!existsSync(dir)) throw new Error(`no library folder ${dir}`);
  const files = readdirSync(dir);
  const pick = (pattern, what) => {
    const file = files.find((f) => pattern.test(f));
    if (!file) throw new Error(`${dir} has no ${what}; llama-finetune cannot be linked against it`);
    return file;
  };
  return [
    pick(/^libllama-common(\..+)?\.so$/, 'libllama-common'),
    pick(/^libllama(\.(?!common).+)?\.so$/, 'libllama'),
    pick(/^libggml(\.v[\d.]+)?\.so$/, 'libggml'),
    pick(/^libggml-base(\..+)?\.so$/, 'libggml-base'),
  ];
}

/** Where node-llama-cpp (and the trainer's FFI, which follows it) loads libllama from on CPU: its last local build, else the prebuilt. */
function engineLibDir() {
  const llamaDir = join(root, 'node_modules/node-llama-cpp/llama');
  const lastBuild = join(llamaDir, 'lastBuild.json');
  if (existsSync(lastBuild)) {
    const { folderName } = JSON.parse(readFileSync(lastBuild, 'utf8'));
    const dir = folderName ? join(llamaDir, 'localBuilds', folderName, 'Release') : '';
    if (dir && existsSync(join(llamaDir, 'localBuilds', folderName, 'buildDone.status'))) return dir;
  }
  return join(root, 'node_modules/@node-llama-cpp/linux-x64/bins/linux-x64');
}

main();
