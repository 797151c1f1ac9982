/**
 * npm run keys:revoke -- <key or prefix>
 * Revokes a key in the configured database; the gateway stops accepting it within AUTH_CACHE_MS.
 */
import { ApiKeyStore, openMigratedDatabase, readDatabaseConfig } from '@lamini/persistence';

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run keys:revoke -- <key or prefix>');
  const { driver, prisma } = await openMigratedDatabase(readDatabaseConfig());
  try {
    const count = await new ApiKeyStore(prisma).revoke(target);
    console.log(count ? `revoked ${count} key(s)` : 'no live key matches');
    if (!count) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await driver.close();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
