import { CancellableRequests } from './cancellable-requests';

const alice = { id: 'owner-a', name: 'alice' };
const bob = { id: 'owner-b', name: 'bob' };

/** Runs a request whose work reports whether its signal was aborted once `until` resolves. */
function runUntil(requests: CancellableRequests, requestId: string | undefined, until: Promise<void>) {
  return requests.run({ owner: alice, payload: {}, requestId }, async (signal) => {
    await until;
    return signal?.aborted;
  });
}

describe('CancellableRequests', () => {
  it("aborts the running request's signal when its owner cancels it", async () => {
    const requests = new CancellableRequests();
    let finish!: () => void;
    const result = runUntil(requests, 'r1', new Promise((resolve) => (finish = resolve)));
    requests.cancel({ owner: alice, payload: { requestId: 'r1' } });
    finish();
    await expect(result).resolves.toBe(true);
  });

  it("ignores another owner's cancellation", async () => {
    const requests = new CancellableRequests();
    let finish!: () => void;
    const result = runUntil(requests, 'r1', new Promise((resolve) => (finish = resolve)));
    requests.cancel({ owner: bob, payload: { requestId: 'r1' } });
    finish();
    await expect(result).resolves.toBe(false);
  });

  it('starts a request already aborted when its cancellation overtook it', async () => {
    const requests = new CancellableRequests();
    requests.cancel({ owner: alice, payload: { requestId: 'r2' } });
    await expect(runUntil(requests, 'r2', Promise.resolve())).resolves.toBe(true);
    // Remembered once: the id is not held against a later request.
    await expect(runUntil(requests, 'r2', Promise.resolve())).resolves.toBe(false);
  });

  it('gives a request without an id no signal', async () => {
    await expect(runUntil(new CancellableRequests(), undefined, Promise.resolve())).resolves.toBeUndefined();
  });
});
