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
    const discovery = new LocalModelDiscovery({ modelDirs: [dir] } as RegistryConfig);

    const models = discovery.list().map((m) => [m.name, m.modelType]);
    expect(models.sort()).toEqual([
      ['ggml-org/stories', 'transformer'],
      ['sentence-transformers/all-MiniLM-L6-v2', 'embedding'],
      ['tiny-llama', 'transformer'],
    ]);
    expect(discovery.find('sentence-transformers/all-MiniLM-L6-v2')!.files.map((f) => f.name).sort()).toEqual(['onnx/model.onnx', 'tokenizer.json']);
  });
});
