import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryConfig } from '../registry.config';
import { LocalModelDiscovery } from './local-model-discovery';

function write(path: string, content = 'x') {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

describe('LocalModelDiscovery', () => {
  it('names a model by its folder, or by organisation and folder as on the hub', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    write(join(dir, 'tiny-llama/tiny.gguf'));
    write(join(dir, 'sentence-transformers/all-MiniLM-L6-v2/onnx/model.onnx'));
    write(join(dir, 'sentence-transformers/all-MiniLM-L6-v2/tokenizer.json'));
    write(join(dir, 'ggml-org/stories/stories.gguf'));
    mkdirSync(join(dir, 'nothing-here'));
    const discovery = new LocalModelDiscovery({ modelDirs: [dir], scanReuseMs: 0 } as RegistryConfig);

    const models = discovery.list().map((m) => [m.name, m.modelType]);
    expect(models.sort()).toEqual([
      ['ggml-org/stories', 'transformer'],
      ['sentence-transformers/all-MiniLM-L6-v2', 'embedding'],
      ['tiny-llama', 'transformer'],
    ]);
    expect(discovery.find('sentence-transformers/all-MiniLM-L6-v2')!.files.map((f) => f.name).sort()).toEqual(['onnx/model.onnx', 'tokenizer.json']);
  });

  it('reuses a scan for the configured time, then sees a folder added meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    write(join(dir, 'first/first.gguf'));
    const discovery = new LocalModelDiscovery({ modelDirs: [dir], scanReuseMs: 200 } as RegistryConfig);
    expect(discovery.list().map((m) => m.name)).toEqual(['first']);

    write(join(dir, 'second/second.gguf'));
    expect(discovery.find('second')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(discovery.find('second')?.modelType).toBe('transformer');
  });
});
