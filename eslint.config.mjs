// Lint is about layering first: @nx/enforce-module-boundaries keeps contracts free of
// everything, services out of each other, and apps out of libraries.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const onlyTypes = (...types) => types.map((type) => `type:${type}`);

/** Each service may depend on no other service. */
const servicesApart = (...services) =>
  services.map((service) => ({
    sourceTag: `scope:${service}`,
    notDependOnLibsWithTags: services.filter((other) => other !== service).map((other) => `scope:${other}`),
  }));

const boundaries = {
  enforceBuildableLibDependency: false,
  allowCircularSelfDependency: false,
  depConstraints: [
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: onlyTypes('contracts') },
    { sourceTag: 'type:util', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util') },
    { sourceTag: 'type:data', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util', 'testing') },
    { sourceTag: 'type:transport', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util') },
    { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util', 'data', 'transport') },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util', 'data') },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: onlyTypes('contracts', 'util', 'data', 'transport', 'runtime', 'testing') },
    ...servicesApart('gateway', 'model-registry', 'inference', 'embedding', 'trainer', 'memory-rag', 'classifier'),
    { sourceTag: 'type:deploy', onlyDependOnLibsWithTags: onlyTypes('testing') },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', 'dist/**', 'data/**', 'bench/results/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries],
    },
  },
  {
    // The composition roots: the embedded mode, the end-to-end tests and the benchmarks put
    // the apps' modules together. Nx forbids importing an app anywhere; here it is the point.
    files: ['apps/standalone/**/*.ts', 'apps/e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { ...boundaries, allow: ['@lamini/app-*'] }],
    },
  },
);
