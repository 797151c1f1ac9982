import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STORIES_260K_GGUF } from '@lamini/testing';
import { FALLBACK_KV_BYTES_PER_TOKEN, kvCacheBytesPerToken, modelMemory } from './model-memory';

const MiB = 1024 * 1024;

describe('model memory', () => {
  const llama3_8b = { block_count: 32, embedding_length: 4096, context_length: 8192, attention: { head_count: 32, head_count_kv: 8 } };

  it('counts a key and a value per KV head in every layer, in f16', () => {
    // Llama 3 8B: 32 layers × 8 KV heads × (128 + 128) × 2 bytes = 128 KiB a token.
    expect(kvCacheBytesPerToken(llama3_8b)).toBe(128 * 1024);
    // Without grouped-query attention every head has its keys and values.
    expect(kvCacheBytesPerToken({ ...llama3_8b, attention: { head_count: 32 } })).toBe(512 * 1024);
    // Explicit key and value widths win over the embedding's share; per-layer head counts sum.
    expect(kvCacheBytesPerToken({ block_count: 2, embedding_length: 64, attention: { head_count: 4, head_count_kv: [2, 0], key_length: 32, value_length: 16 } })).toBe(2 * 48 * 2);
  });

  it('falls back to a documented allowance when the file does not give its attention shape', () => {
    expect(kvCacheBytesPerToken({ block_count: 4 })).toBeUndefined();
    expect(modelMemory(100, {}, 2, 256)).toEqual({ weightsBytes: 100, kvCacheBytes: 512 * FALLBACK_KV_BYTES_PER_TOKEN, kvCacheFrom: 'allowance', totalBytes: 100 + 512 * FALLBACK_KV_BYTES_PER_TOKEN });
  });

  it('gives every sequence its own context, capped at the model\u2019s and padded as llama.cpp pads it', () => {
    // 8 sequences of 2048 tokens of Llama 3 8B: 2 GiB beside the weights.
    expect(modelMemory(4_900 * MiB, llama3_8b, 8, 2048).kvCacheBytes).toBe(2048 * MiB);
    expect(modelMemory(0, { ...llama3_8b, context_length: 1024 }, 8, 2048).kvCacheBytes).toBe(1024 * MiB);
    expect(modelMemory(0, llama3_8b, 3, 300).kvCacheBytes).toBe(3 * 512 * 128 * 1024);
  });

  it('matches the KV cache llama.cpp allocates for a real model', async () => {
    const { readGgufFileInfo } = await import('node-llama-cpp');
    const shape = (await readGgufFileInfo(STORIES_260K_GGUF, { readTensorInfo: false, logWarnings: false })).architectureMetadata;
    for (const [sequences, contextSize] of [[3, 300], [2, 1024]]) {
      expect(modelMemory(0, shape, sequences, contextSize).kvCacheBytes / MiB).toBeCloseTo(kvCacheMiBReportedByLlamaCpp(sequences, contextSize), 2);
    }
  });
});

/**
 * What llama.cpp logs as its KV cache size for stories260K, from a process of its own: node-llama-cpp
 * shares one Llama (and its log level) per process, so other specs could silence the line here.
 */
function kvCacheMiBReportedByLlamaCpp(sequences: number, contextSize: number): number {
  const script = `
    import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.info, logger: (_, line) => process.stdout.write(line) });
    const model = await llama.loadModel({ modelPath: ${JSON.stringify(STORIES_260K_GGUF)} });
    const context = await model.createContext({ sequences: ${sequences}, contextSize: ${contextSize}, threads: 1 });
    await context.dispose();
    await model.dispose();
    await new Promise((resolve) => setTimeout(resolve, 200));
  `;
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  // A file in the repository (tmp/ is ignored), so that it imports node-llama-cpp from node_modules.
  const root = join(__dirname, '../../../../..');
  const file = join(root, 'tmp', `kv-cache-probe-${process.pid}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, script);
  let output: string;
  try {
    output = execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000, env, cwd: root });
  } finally {
    rmSync(file, { force: true });
  }
  const reported = /llama_kv_cache: size =\s*([\d.]+) MiB/.exec(output);
  if (!reported) throw new Error(`llama.cpp did not report its KV cache size:\n${output}`);
  return Number(reported[1]);
}
