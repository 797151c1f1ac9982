module.exports = { ...require('../../jest.preset.cjs'), displayName: 'embedding', rootDir: __dirname };
