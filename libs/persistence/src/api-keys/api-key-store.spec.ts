import { pgliteInMemory } from '@lamini/testing';
import { openMigratedDatabase } from '../persistence.module';
import type { DatabaseDriver } from '../database/database-driver';
import type { PrismaService } from '../database/prisma.service';
import { ApiKeyStore, hashApiKey } from './api-key-store';

describe('ApiKeyStore', () => {
  let driver: DatabaseDriver;
  let prisma: PrismaService;
  let keys: ApiKeyStore;

  beforeAll(async () => {
    ({ driver, prisma } = await openMigratedDatabase(pgliteInMemory()));
    keys = new ApiKeyStore(prisma);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await driver.close();
  });

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
