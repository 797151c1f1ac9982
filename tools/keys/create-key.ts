/**
 * npm run keys:create -- [--owner NAME] [--label TEXT]
 * Issues an API key for an owner (created if new) in the configured database: DATABASE_URL, or
 * the embedded mode's PGlite directory under LAMINI_DATA_DIR. Prints the key alone on stdout;
 * it is stored hashed and cannot be shown again.
 */
import { parseArgs } from 'node:util';
import { ApiKeyStore, readDatabaseConfig, withMigratedDatabase } from '@lamini/persistence';

async function main() {
  const { values } = parseArgs({ options: { owner: { type: 'string', default: 'default' }, label: { type: 'string' } } });
  const issued = await withMigratedDatabase(readDatabaseConfig(), (prisma) =>
    new ApiKeyStore(prisma).issue(values.owner!, { label: values.label }),
  );
  console.error(`API key for owner "${issued.owner.name}" (prefix ${issued.prefix}); keep it, it is not shown again:`);
  console.log(issued.key);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
