import { readFileSync } from 'node:fs';

/**
 * `MemoryRAG.memory_index(documents)` on the wire (`lamini/api/memory_rag.py`): raw `requests`
 * with a `model_name` form field and one `files` part per document, the part's file name being
 * the path as the caller gave it; it reads `job_id` from the answer.
 */
export async function sdkMemoryIndex(baseUrl: string, key: string, modelName: string, paths: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('model_name', modelName);
  for (const path of paths) form.append('files', new Blob([readFileSync(path)]), path);
  const res = await fetch(`${baseUrl}/alpha/memory-rag/train`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Text compared as a reader would: runs of whitespace as one space. */
export function normalizedText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
