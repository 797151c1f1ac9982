import { NothingToDownloadError, quantisationOf, selectFiles } from './file-selection';

const file = (path: string) => ({ path, size: 1, sha256: null });
const preference = ['Q4_K_M', 'Q8_0', 'F16'];

describe('selectFiles', () => {
  it('picks the preferred quantisation among several GGUFs', () => {
    const files = ['README.md', 'm.Q8_0.gguf', 'm-Q4_K_M.gguf', 'm.F16.gguf'].map(file);
    expect(selectFiles(files, 'transformer', preference).map((f) => f.path)).toEqual(['m-Q4_K_M.gguf']);
  });

  it('takes every shard of a split GGUF', () => {
    const files = ['m-Q8_0-00002-of-00002.gguf', 'm-Q8_0-00001-of-00002.gguf', 'm-F16.gguf'].map(file);
    expect(selectFiles(files, 'transformer', ['Q8_0']).map((f) => f.path)).toEqual([
      'm-Q8_0-00001-of-00002.gguf',
      'm-Q8_0-00002-of-00002.gguf',
    ]);
  });

  it('falls back to a GGUF with no known quantisation', () => {
    expect(selectFiles([file('stories260K.gguf')], 'transformer', preference).map((f) => f.path)).toEqual(['stories260K.gguf']);
  });

  it('takes the ONNX export, tokenizer and config of an embedding model, and nothing else', () => {
    const files = ['README.md', 'onnx/model.onnx', 'onnx/model_O4.onnx', 'tokenizer.json', 'config.json', '1_Pooling/config.json', 'pytorch_model.bin'].map(file);
    expect(selectFiles(files, 'embedding', preference).map((f) => f.path)).toEqual([
      'onnx/model.onnx',
      'tokenizer.json',
      'config.json',
      '1_Pooling/config.json',
    ]);
  });

  it('says what is missing when the repository has nothing the engine can run', () => {
    expect(() => selectFiles([file('model.safetensors')], 'transformer', preference)).toThrow(NothingToDownloadError);
    expect(() => selectFiles([file('tokenizer.json')], 'embedding', preference)).toThrow(/onnx\/model.onnx, config.json/);
  });

  it('reads quantisation tags from file names', () => {
    expect(quantisationOf('Llama-3.2-1B-Instruct-Q4_K_M.gguf')).toBe('Q4_K_M');
    expect(quantisationOf('qwen2.5-0.5b-instruct-iq2_xs.gguf')).toBe('IQ2_XS');
    expect(quantisationOf('model.f16.gguf')).toBe('F16');
    expect(quantisationOf('stories260K.gguf')).toBeNull();
  });
});
