import { type Hash, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Feeds a file's bytes to `hash`, streamed (model files are gigabytes). */
export async function hashFileInto(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/** The hex SHA-256 of a file's contents. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(hash, path);
  return hash.digest('hex');
}
