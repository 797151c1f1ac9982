module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'embedding',
  rootDir: __dirname,
  // onnxruntime-node checks tensors' typed arrays against this realm's constructors.
  testEnvironment: '<rootDir>/../../tools/jest/outer-typed-arrays-environment.cjs',
};
