import { ApiKeyStore, type OpenedDatabase, type PrismaService, openMigratedDatabase } from '@lamini/persistence';
import { pgliteInMemory } from '@lamini/testing';
import { ensureApiKey } from './ensure-api-key';

describe('ensureApiKey', () => {
  let database: OpenedDatabase;
  let prisma: PrismaService;
  let keys: ApiKeyStore;

  beforeEach(async () => {
    database = await openMigratedDatabase(pgliteInMemory());
    prisma = database.prisma;
    keys = new ApiKeyStore(prisma);
  });

  afterEach(() => database.close());

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
