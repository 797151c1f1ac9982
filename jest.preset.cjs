// Shared Jest settings: swc compiles TypeScript with decorator metadata (Nest DI needs it),
// and the tsconfig path aliases resolve to the libraries' sources.
const { join } = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, join(__dirname, target)]),
);

module.exports = {
  // Node's environment, with the outer realm's typed arrays (native addons check against them).
  testEnvironment: join(__dirname, 'tools/jest/outer-typed-arrays-environment.cjs'),
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        // import() stays native so ESM-only packages load (with --experimental-vm-modules).
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // A stuck test or hook fails at this timeout; whatever it left running (a timer, a socket, a
  // worker) must not then keep Jest from ending and printing its summary.
  testTimeout: 60_000,
  forceExit: true,
};
