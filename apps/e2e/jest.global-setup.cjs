// Writes the generated models (a 134M random-weight llama, a small BERT ONNX) once before the suites run. Here, in Jest's own process,
// it takes about a second; inside the test sandbox the same loop took over a minute. Jest's
// module mapping does not apply here, so the generator (which imports nothing by alias) is
// required by its path.
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const { randomLlamaGguf } = require(join(__dirname, '../../libs/testing/src/gguf/random-llama.ts'));
  const { bertOnnxModel } = require(join(__dirname, '../../libs/testing/src/onnx/bert-onnx.ts'));
  await randomLlamaGguf();
  bertOnnxModel();
};
