import { readFileSync } from 'node:fs';

/** Where the kernel tells a process its container's memory limit: cgroup v2, then v1. */
export const CGROUP_MEMORY_LIMIT_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];

// cgroup v1 writes "no limit" as 2^63 − 1 rounded down to a page; nothing real comes near 2^60.
const NO_LIMIT = 2 ** 60;

/**
 * The memory limit of the container this process runs in, in bytes, or undefined when there is
 * none (`max`) or no cgroup file to read (not in a container, or another OS). Kubernetes can
 * also hand the limit over through the downward API (`resourceFieldRef: limits.memory`), which
 * each service's configuration reads first.
 */
export function readCgroupMemoryLimit(files: string[] = CGROUP_MEMORY_LIMIT_FILES): number | undefined {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      continue;
    }
    const bytes = Number(text);
    return Number.isSafeInteger(bytes) && bytes > 0 && bytes < NO_LIMIT ? bytes : undefined;
  }
  return undefined;
}
