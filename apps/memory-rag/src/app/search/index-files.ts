import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256OfFile } from '@lamini/runtime';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'memory-rag-hybrid-index';
const VERSION = 1;
/** `<role>-<generation>.<ext>`, with `.tmp` while being written. */
const GENERATION_FILE = /^[a-z]+-([0-9a-z]+-[0-9a-f]{8})\.[a-z0-9]+(\.tmp)?$/;

export class IndexFilesError extends Error {
  override name = 'IndexFilesError';
}

export interface FileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest<Body> {
  format: typeof FORMAT;
  version: typeof VERSION;
  generation: string;
  saved_at: string;
  files: Record<string, FileEntry>;
  body: Body;
}

/** Writes one file under its final name through a temporary one: `write` gets the temporary path. */
export interface FileWriter {
  role: string;
  ext: string;
  write(path: string): void | Promise<void>;
}

/**
 * Saves a new generation of files next to the old ones, then switches `manifest.json` to it by
 * a rename, the only step readers observe: a crash at any point leaves the previous manifest
 * and every file it names in place. The previous generation is kept too, so a replica that read
 * the old manifest just before the switch can still open its files. One writer per folder.
 */
export async function saveGeneration<Body>(dir: string, writers: readonly FileWriter[], body: Body): Promise<Manifest<Body>> {
  await mkdir(dir, { recursive: true });
  const previous = await readManifestIfAny(dir);
  const generation = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const files: Record<string, FileEntry> = {};
  for (const { role, ext, write } of writers) {
    const name = `${role}-${generation}.${ext}`;
    await write(join(dir, `${name}.tmp`));
    await fsyncFile(join(dir, `${name}.tmp`));
    await rename(join(dir, `${name}.tmp`), join(dir, name));
    files[role] = { name, bytes: (await stat(join(dir, name))).size, sha256: await sha256OfFile(join(dir, name)) };
  }
  const manifest: Manifest<Body> = { format: FORMAT, version: VERSION, generation, saved_at: new Date().toISOString(), files, body };
  const handle = await open(join(dir, `${MANIFEST_FILE}.tmp`), 'w');
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(join(dir, `${MANIFEST_FILE}.tmp`), join(dir, MANIFEST_FILE));
  await fsyncFile(dir);
  await removeOtherGenerations(dir, [generation, previous?.generation]);
  return manifest;
}

/** The manifest, or a clear IndexFilesError when the folder holds no readable index. */
export async function readManifest<Body>(dir: string): Promise<Manifest<Body>> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new IndexFilesError(`no hybrid index in ${dir}: cannot read ${MANIFEST_FILE} (${(error as Error).message})`);
  }
  let manifest: Manifest<Body>;
  try {
    manifest = JSON.parse(text) as Manifest<Body>;
  } catch {
    throw new IndexFilesError(`hybrid index in ${dir} is corrupt: ${MANIFEST_FILE} is not valid JSON`);
  }
  if (manifest?.format !== FORMAT || manifest.version !== VERSION || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new IndexFilesError(`hybrid index in ${dir}: ${MANIFEST_FILE} is not a ${FORMAT} manifest of version ${VERSION}`);
  }
  return manifest;
}

/**
 * The path of a role's file after checking its size and checksum. usearch aborts the whole
 * process on some malformed files instead of throwing, so nothing unchecked reaches it.
 */
export async function verifiedPath(dir: string, manifest: Manifest<unknown>, role: string): Promise<string> {
  const entry = manifest.files[role];
  if (!entry) throw new IndexFilesError(`hybrid index in ${dir}: ${MANIFEST_FILE} names no ${role} file`);
  const path = join(dir, entry.name);
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch {
    throw new IndexFilesError(`hybrid index in ${dir}: ${role} file ${entry.name} is missing`);
  }
  if (bytes !== entry.bytes) throw new IndexFilesError(`hybrid index in ${dir}: ${role} file ${entry.name} is corrupt (${bytes} bytes, ${entry.bytes} expected)`);
  if ((await sha256OfFile(path)) !== entry.sha256) throw new IndexFilesError(`hybrid index in ${dir}: ${role} file ${entry.name} is corrupt (checksum mismatch)`);
  return path;
}

async function readManifestIfAny(dir: string): Promise<Manifest<unknown> | null> {
  try {
    return await readManifest(dir);
  } catch {
    return null;
  }
}

async function removeOtherGenerations(dir: string, keep: ReadonlyArray<string | undefined>): Promise<void> {
  for (const name of await readdir(dir)) {
    const generation = GENERATION_FILE.exec(name)?.[1];
    if (generation && !keep.includes(generation)) await rm(join(dir, name), { force: true });
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
