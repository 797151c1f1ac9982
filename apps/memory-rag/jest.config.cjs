module.exports = { ...require('../../jest.preset.cjs'), displayName: 'memory-rag', rootDir: __dirname };
