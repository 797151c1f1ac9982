import { waitFor } from '@lamini/testing';

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

/**
 * Waits until the model refuses another request (429). Probing starts half a second after the
 * call, once the requests meant to fill the model have taken their places, so that no probe
 * takes one of them first.
 */
export async function waitUntilModelFull(baseUrl: string, key: string, modelName: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  await waitFor(async () => (await probeCapacity(baseUrl, key, modelName)) === 429);
}

/** Waits (10 s at most) until the model answers a one-token request. */
export async function waitUntilModelTakesRequests(baseUrl: string, key: string, modelName: string): Promise<void> {
  await waitFor(async () => (await probeCapacity(baseUrl, key, modelName)) === 200);
}
