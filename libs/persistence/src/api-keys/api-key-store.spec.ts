import { pgliteInMemory } from '@lamini/testing';
import { type OpenedDatabase, openMigratedDatabase } from '../persistence.module';
import type { PrismaService } from '../database/prisma.service';
import { ApiKeyStore, hashApiKey } from './api-key-store';

describe('ApiKeyStore', () => {
  let database: OpenedDatabase;
  let prisma: PrismaService;
  let keys: ApiKeyStore;

  beforeAll(async () => {
    database = await openMigratedDatabase(pgliteInMemory());
    prisma = database.prisma;
    keys = new ApiKeyStore(prisma);
  });

  afterAll(() => database.close());

  it('stores only the hash of an issued key and authenticates its owner', async () => {
    const issued = await keys.issue('alice');
    expect(issued.key).toMatch(/^lmn_[A-Za-z0-9_-]{43}$/);
    const rows = await prisma.apiKey.findMany({ where: { ownerId: issued.owner.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].keyHash).toBe(hashApiKey(issued.key));
    expect(JSON.stringify(rows)).not.toContain(issued.key);
    expect(await keys.authenticate(issued.key)).toEqual(issued.owner);
    expect(await keys.authenticate('lmn_unknown')).toBeNull();
  });

  it('revokes by prefix, after which the key no longer authenticates', async () => {
    const issued = await keys.issue('bob');
    expect(await keys.revoke(issued.prefix)).toBe(1);
    expect(await keys.authenticate(issued.key)).toBeNull();
  });

  it('gives several keys of one owner the same owner', async () => {
    const first = await keys.issue('carol');
    const second = await keys.issue('carol', { key: 'my-own-key' });
    expect(await keys.authenticate('my-own-key')).toEqual(first.owner);
    expect(second.owner).toEqual(first.owner);
  });
});
