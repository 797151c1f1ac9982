import { ApiKeyStore, type DatabaseDriver, type PrismaService, openMigratedDatabase } from '@lamini/persistence';
import { pgliteInMemory } from '@lamini/testing';
import { ensureApiKey } from './ensure-api-key';

describe('ensureApiKey', () => {
  let driver: DatabaseDriver;
  let prisma: PrismaService;
  let keys: ApiKeyStore;

  beforeEach(async () => {
    ({ driver, prisma } = await openMigratedDatabase(pgliteInMemory()));
    keys = new ApiKeyStore(prisma);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await driver.close();
  });

  it('creates a key on the first start only', async () => {
    const first = await ensureApiKey(keys, undefined);
    expect(first).toMatch(/^lmn_/);
    expect(await keys.authenticate(first!)).toMatchObject({ name: 'default' });
    expect(await ensureApiKey(keys, undefined)).toBeNull();
    expect(await prisma.apiKey.count()).toBe(1);
  });

  it('adopts the key given in LAMINI_API_KEY, once', async () => {
    expect(await ensureApiKey(keys, 'my-team-key')).toBe('my-team-key');
    expect(await ensureApiKey(keys, 'my-team-key')).toBe('my-team-key');
    expect(await prisma.apiKey.count()).toBe(1);
    expect(await keys.authenticate('my-team-key')).toMatchObject({ name: 'default' });
  });
});
