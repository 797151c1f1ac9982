// Writes the 134M random-weight model once before the suites run. Here, in Jest's own process,
// it takes about a second; inside the test sandbox the same loop took over a minute. Jest's
// module mapping does not apply here, so the generator (which imports nothing by alias) is
// required by its path.
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const { randomLlamaGguf } = require(join(__dirname, '../../libs/testing/src/gguf/random-llama.ts'));
  await randomLlamaGguf();
};
