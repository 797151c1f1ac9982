module.exports = { ...require('../../jest.preset.cjs'), displayName: 'transport', rootDir: __dirname };
