// Which native binaries an image carries. node-llama-cpp ships llama.cpp prebuilt per platform as
// optional packages (@node-llama-cpp/<platform>), which a plain install puts in every image; the
// pruned package.json instead names the ones for the image's platform as dependencies, and the
// pruned lockfile holds no other. Some packages carry every platform's binaries inside themselves
// (onnxruntime-node, usearch), @prisma/client a query compiler per database, node-llama-cpp the
// llama.cpp sources it builds from: what the image never loads is deleted after the install
// (UNUSED_PATHS, by prune-unused.cjs; the size report leaves out the same).
const LLAMA_PLATFORMS = {
  cpu: ['linux-x64'],
  // The CUDA base image is CUDA 12: linux-x64-cuda's own libggml-cuda.so links libcudart.so.13,
  // and the CUDA 12 build node-llama-cpp falls back to is in linux-x64-cuda-ext. linux-x64 is
  // the CPU fallback of a pod that lands without a usable GPU.
  cuda: ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext'],
};

// Paths inside packages that a linux-x64 image on PostgreSQL never loads; `*` within a name.
const UNUSED_PATHS = {
  // A git bundle of llama.cpp's sources, for `npm run engine:build` (which the inference image
  // runs in its build stage); nothing compiles in a running image.
  'node-llama-cpp': ['llama/gitRelease.bundle'],
  'onnxruntime-node': ['bin/napi-v6/darwin', 'bin/napi-v6/win32', 'bin/napi-v6/linux/arm64'],
  usearch: ['prebuilds/darwin-arm64+x64', 'prebuilds/linux-arm64', 'prebuilds/win32-x64'],
  // The schema's provider is postgresql (PGlite included); each other database's compiler is ~14 MB.
  '@prisma/client': ['mysql', 'sqlite', 'sqlserver', 'cockroachdb'].map((db) => `runtime/query_compiler_*_bg.${db}.*`),
};

// Packages loaded by something other than an import our code makes, keyed by what loads them.
const IMPLICIT_PACKAGES = {
  // NestFactory.create loads the HTTP adapter by name.
  '@nestjs/core': ['@nestjs/platform-express'],
  // The trainer loads libllama from node-llama-cpp's prebuilt (or local) build by path, through koffi.
  'apps/trainer/src/app/engine/llama-ffi.ts': ['node-llama-cpp'],
};

function flavors() {
  return Object.keys(LLAMA_PLATFORMS);
}

/** The explicit platform packages an app using `packages` needs on `flavor` (`cpu` or `cuda`). */
function platformPackages(packages, flavor) {
  const platforms = LLAMA_PLATFORMS[flavor];
  if (!platforms) throw new Error(`unknown native flavor ${flavor}; one of ${flavors().join(', ')}`);
  return packages.includes('node-llama-cpp') ? platforms.map((p) => `@node-llama-cpp/${p}`) : [];
}

/** Platform packages of node-llama-cpp that `flavor` leaves out. */
function isForeignPlatformPackage(name, flavor) {
  return name.startsWith('@node-llama-cpp/') && !platformPackages(['node-llama-cpp'], flavor).includes(name);
}

function implicitPackages(files, packages) {
  return [...files, ...packages].flatMap((key) => IMPLICIT_PACKAGES[key] ?? []);
}

module.exports = { UNUSED_PATHS, flavors, implicitPackages, isForeignPlatformPackage, platformPackages };
