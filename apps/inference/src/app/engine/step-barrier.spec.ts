import { StepBarrier } from './step-barrier';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('StepBarrier', () => {
  it('lets members go only when every member has arrived, all at once, in rank order', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    barrier.join();
    barrier.join();
    const released: number[] = [];
    void barrier.arrive(2).then(() => released.push(2));
    void barrier.arrive(0).then(() => released.push(0));
    await settled();
    expect(released).toEqual([]);
    void barrier.arrive(1).then(() => released.push(1));
    await settled();
    // In rank order, whatever the order of arrival.
    expect(released).toEqual([0, 1, 2]);
  });

  it('does not hold the others back for a member that leaves', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    barrier.join();
    let released = false;
    void barrier.arrive(0).then(() => (released = true));
    await settled();
    expect(released).toBe(false);
    barrier.leave();
    await settled();
    expect(released).toBe(true);
  });

  it('never waits alone', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    await expect(barrier.arrive(0)).resolves.toBeUndefined();
  });
});
