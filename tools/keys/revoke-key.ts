/**
 * npm run keys:revoke -- <key or prefix>
 * Revokes a key in the configured database; the gateway stops accepting it within AUTH_CACHE_MS.
 */
import { ApiKeyStore, readDatabaseConfig, withMigratedDatabase } from '@lamini/persistence';

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run keys:revoke -- <key or prefix>');
  const count = await withMigratedDatabase(readDatabaseConfig(), (prisma) => new ApiKeyStore(prisma).revoke(target));
  console.log(count ? `revoked ${count} key(s)` : 'no live key matches');
  if (!count) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
