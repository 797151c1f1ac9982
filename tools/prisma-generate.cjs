// Generates the Prisma client offline. Prisma's CLI insists on locating a schema engine even
// for `generate`, which never runs it, and tries to download one; a stub binary satisfies that.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, chmodSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stub = join(mkdtempSync(join(tmpdir(), 'prisma-stub-')), 'schema-engine');
  writeFileSync(stub, '#!/bin/sh\necho "schema engine is not available offline" >&2\nexit 1\n');
  chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: join(__dirname, '..'),
  env,
  stdio: 'inherit',
});
