/** A completion request over HTTP, as a client that may hang up (`signal`) sends it. */
export function postCompletion(baseUrl: string, key: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * Whether the model can take one more request: the status of a one-token completion (429 when
 * its sequences and queue are full), or 'queued' when no answer came within `patienceMs` (it
 * waited in the queue; hanging up withdraws it).
 */
export async function probeCapacity(baseUrl: string, key: string, modelName: string, patienceMs = 2_000): Promise<number | 'queued'> {
  try {
    const res = await postCompletion(baseUrl, key, '/v2/completions', { model_name: modelName, prompt: 'Once', max_new_tokens: 1 }, AbortSignal.timeout(patienceMs));
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'queued';
  }
}
