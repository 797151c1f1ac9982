import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '@lamini/contracts';

/** The largest id a SERIAL column holds: API job ids (training, memory RAG) past it exist nowhere. */
const MAX_API_JOB_ID = 2 ** 31 - 1;

/** Whether a job id from a request could name a row at all; anything else is simply not found. */
export function isApiJobId(jobId: number): boolean {
  return Number.isInteger(jobId) && jobId >= 1 && jobId <= MAX_API_JOB_ID;
}

/** `<root>/<job id>/`, created: built only from our own queue ids (lowercase letters and digits). */
export function jobArtifactDir(root: string, jobId: string): string {
  if (!/^[a-z0-9]+$/.test(jobId)) throw new InternalError(`No artifact folder for job id ${JSON.stringify(jobId)}`);
  const dir = join(root, jobId);
  mkdirSync(dir, { recursive: true });
  return dir;
}
