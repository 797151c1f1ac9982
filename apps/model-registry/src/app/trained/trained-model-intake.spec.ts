import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OwnerContext } from '@lamini/contracts';
import { type OpenedDatabase, openMigratedDatabase } from '@lamini/persistence';
import { pgliteInMemory } from '@lamini/testing';
import { ModelCatalog } from '../catalog/model-catalog';
import { readRegistryConfig } from '../registry.config';
import { ModelStore } from '../store/model-store';
import { TrainedModelIntake } from './trained-model-intake';

describe('TrainedModelIntake', () => {
  let opened: OpenedDatabase;
  let catalog: ModelCatalog;
  let intake: TrainedModelIntake;
  let staging: string;
  const owner: OwnerContext = { id: randomUUID(), name: 'owner' };

  beforeAll(async () => {
    opened = await openMigratedDatabase(pgliteInMemory());
    const dataDir = mkdtempSync(join(tmpdir(), 'lamini-intake-'));
    staging = join(dataDir, 'training');
    mkdirSync(staging);
    catalog = new ModelCatalog(opened.prisma);
    intake = new TrainedModelIntake(catalog, new ModelStore(readRegistryConfig({ LAMINI_DATA_DIR: dataDir })));
  });

  afterAll(() => opened.close());

  function staged(name: string, content: string): string {
    const path = join(staging, name);
    writeFileSync(path, content);
    return path;
  }

  it("moves the file into the store and records the model as the owner's, once", async () => {
    const path = staged('a.gguf', 'weights');
    const model = await intake.register(owner, { model_name: 'tuned-a', is_public: false, staged_path: path, job_id: 'job1' });
    expect(model).toMatchObject({ name: 'tuned-a', scope: owner.id, source: 'trained', status: 'DOWNLOADED', jobId: 'job1' });
    expect(existsSync(path)).toBe(false);
    expect(await catalog.findVisible('tuned-a', owner.id)).toMatchObject({ id: model.id });
    expect(await catalog.findVisible('tuned-a', randomUUID())).toBeNull();

    // The trainer died after the move and registers again: the same row, the file kept.
    const again = await intake.register(owner, { model_name: 'tuned-a', is_public: false, staged_path: path, job_id: 'job1' });
    expect(again.id).toBe(model.id);
    const [file] = again.files as Array<{ name: string; size: number }>;
    expect(file).toMatchObject({ name: 'model.gguf', size: 7 });
  });

  it('records a public model for everyone', async () => {
    const model = await intake.register(owner, { model_name: 'tuned-b', is_public: true, staged_path: staged('b.gguf', 'w'), job_id: 'job2' });
    expect(model.scope).toBe('public');
    expect(await catalog.findVisible('tuned-b', randomUUID())).toMatchObject({ id: model.id });
  });

  it('fails, naming the job, when the file is neither staged nor stored', async () => {
    await expect(intake.register(owner, { model_name: 'tuned-c', is_public: false, staged_path: join(staging, 'missing.gguf'), job_id: 'job3' })).rejects.toThrow(/job3/);
  });

  it('keeps the bytes it moved', async () => {
    const model = await intake.register(owner, { model_name: 'tuned-d', is_public: false, staged_path: staged('d.gguf', 'exact bytes'), job_id: 'job4' });
    const store = new ModelStore(readRegistryConfig({ LAMINI_DATA_DIR: join(staging, '..') }));
    expect(readFileSync(store.filePath(model.id, 'model.gguf'), 'utf8')).toBe('exact bytes');
  });
});
