import { StepBarrier } from './step-barrier';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('StepBarrier', () => {
  it('lets members go only when every member has arrived, all at once', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    barrier.join();
    barrier.join();
    const released: number[] = [];
    void barrier.arrive().then(() => released.push(1));
    void barrier.arrive().then(() => released.push(2));
    await settled();
    expect(released).toEqual([]);
    void barrier.arrive().then(() => released.push(3));
    await settled();
    expect(released).toEqual([1, 2, 3]);
  });

  it('does not hold the others back for a member that leaves', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    barrier.join();
    let released = false;
    void barrier.arrive().then(() => (released = true));
    await settled();
    expect(released).toBe(false);
    barrier.leave();
    await settled();
    expect(released).toBe(true);
  });

  it('never waits alone', async () => {
    const barrier = new StepBarrier();
    barrier.join();
    await expect(barrier.arrive()).resolves.toBeUndefined();
  });
});
