// npm run engine:build [-- --gpu cuda]: compiles llama.cpp and node-llama-cpp's addon on this
// machine, from the llama.cpp sources node-llama-cpp ships (nothing is downloaded). node-llama-cpp
// then loads this build in preference to its prebuilt binary, with no change to our code.
//
// Why: the prebuilt CPU binary (built with GCC 11) decodes batches of several sequences markedly
// slower than the same llama.cpp built here (GCC 12): on 2 cores, a step of 8 sequences × 1 token
// of a 134M F16 llama took 69-74 ms with the prebuilt, 45-49 ms with this build (47-57 ms built
// for every CPU level, as the images do), while one sequence's token took 19-23 ms with any of
// them. Not the KV cache layout: llama.cpp's own batched-bench on the prebuilt libraries was as
// slow, and a unified KV cache made no difference. See the README's "Engine build".
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const gpuArg = process.argv.indexOf('--gpu');
const gpu = gpuArg >= 0 ? process.argv[gpuArg + 1] : 'false';

const env = { ...process.env };
// cmake-js fetches Node's headers unless told where they are; Node's own install carries them.
const nodePrefix = resolve(process.execPath, '../..');
if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include/node/node.h'))) env.npm_config_nodedir = nodePrefix;

const cli = join(__dirname, '../../node_modules/node-llama-cpp/dist/cli/cli.js');
// `source download` without --release takes the release node-llama-cpp was published with, whose
// sources it ships as a git bundle; it clones that bundle and builds it.
execFileSync(process.execPath, [cli, 'source', 'download', '--gpu', gpu, '--noUsageExample'], { env, stdio: 'inherit' });
