import { randomUUID } from 'node:crypto';
import { ErrorCode, type OwnerContext } from '@lamini/contracts';
import { type OpenedDatabase, openMigratedDatabase } from '@lamini/persistence';
import { TEST_DATABASE_ENGINES, type TestDatabase } from '@lamini/testing';
import { readTrainerConfig } from '../trainer.config';
import { DatasetStore } from './dataset-store';

const ROWS = [
  { input: 'Tom has a dog. Its name is', output: ' Bexo.' },
  { input: 'Lily has a cat. Its name is', output: ' Tulip.' },
];

describe.each(TEST_DATABASE_ENGINES)('training datasets on %s', (_, makeDatabase) => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let store: DatasetStore;
  let owner: OwnerContext;
  let stranger: OwnerContext;

  beforeAll(async () => {
    database = await makeDatabase();
    opened = await openMigratedDatabase(database.config);
    const config = readTrainerConfig({ TRAIN_DATASET_MAX_ROWS: '3', TRAIN_DATASET_MAX_ROW_BYTES: '64', TRAIN_DATASET_MAX_BYTES: '1024' });
    store = new DatasetStore(config, opened.prisma);
  });

  beforeEach(async () => {
    [owner, stranger] = [{ id: randomUUID(), name: 'owner' }, { id: randomUUID(), name: 'stranger' }];
    for (const o of [owner, stranger]) await opened.prisma.owner.create({ data: { id: o.id, name: `${o.name}-${o.id}` } });
  });

  afterAll(async () => {
    await opened.close();
    await database.drop();
  });

  it('gives the same rows the same id, stores them once, and keeps only input and output', async () => {
    const first = await store.upload(owner, ROWS, false);
    const again = await store.upload(owner, ROWS.map((row) => ({ ...row, extra: 'ignored' })), false);
    expect(first).toEqual({ dataset_id: expect.stringMatching(/^[0-9a-f]{64}$/), dataset_location: `datasets/${first.dataset_id}`, num_datapoints: 2 });
    expect(again.dataset_id).toBe(first.dataset_id);
    expect(await opened.prisma.dataset.count({ where: { ownerId: owner.id } })).toBe(1);
    expect((await store.load(owner.id, first.dataset_id)).rows).toEqual(ROWS);
    expect((await store.upload(owner, [...ROWS].reverse(), false)).dataset_id).not.toBe(first.dataset_id);
  });

  it("does not show one owner's dataset to another", async () => {
    const { dataset_id } = await store.upload(owner, ROWS, false);
    await expect(store.describe(stranger, dataset_id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(store.load(stranger.id, dataset_id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('refuses a dataset over a bound with the bound named, and stores nothing', async () => {
    const tooMany = Array.from({ length: 4 }, (_, i) => ({ input: `q${i}`, output: `a${i}` }));
    await expect(store.upload(owner, tooMany, false)).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge, message: expect.stringContaining('TRAIN_DATASET_MAX_ROWS') });
    const longRow = [ROWS[0], { input: 'x'.repeat(80), output: 'y' }];
    await expect(store.upload(owner, longRow, false)).rejects.toMatchObject({
      code: ErrorCode.InvalidInput,
      loc: ['data', 1],
      message: expect.stringContaining('TRAIN_DATASET_MAX_ROW_BYTES'),
    });
    const emptyOutput = [{ input: 'q', output: '' }];
    await expect(store.upload(owner, emptyOutput, false)).rejects.toMatchObject({ code: ErrorCode.InvalidInput, loc: ['data', 0, 'output'] });
    expect(await opened.prisma.dataset.count({ where: { ownerId: owner.id } })).toBe(0);
  });
});
