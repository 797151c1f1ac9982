/**
 * npm run db:migrate
 * Applies the pending SQL migrations (prisma/migrations) to the configured database: DATABASE_URL,
 * or the embedded mode's PGlite directory under LAMINI_DATA_DIR. The release step of a deployment
 * whose processes run with DATABASE_MIGRATE=off (the Kubernetes migrate Job runs this); several
 * at once are safe, they queue on a PostgreSQL advisory lock.
 */
import { migrateDatabase, readDatabaseConfig } from '@lamini/persistence';

async function main() {
  const applied = await migrateDatabase(readDatabaseConfig());
  console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'The database was already up to date');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
