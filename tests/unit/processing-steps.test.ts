import { createSemaphore, markLater } from '../../server/src/inbox/processing-steps';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a semaphore', () => {
  it('lets in as many holders as its size, then the others in turn, first come first served', async () => {
    const semaphore = createSemaphore(1);
    const order: string[] = [];
    const hold = async (name: string, ms: number) => {
      await semaphore.acquire();
      order.push(`${name} in`);
      await pause(ms);
      order.push(`${name} out`);
      semaphore.release();
    };
    await Promise.all([hold('a', 10), hold('b', 1), hold('c', 1)]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });
});

describe('a mark made later', () => {
  it('is never made for work done before its delay', async () => {
    const marks: string[] = [];
    const processing = markLater(
      async () => void marks.push('marked'),
      20,
      () => undefined
    );
    await processing.settled();
    await pause(40);
    expect(marks).toEqual([]);
  });

  it('is made after its delay, and what follows waits for it', async () => {
    const marks: string[] = [];
    const processing = markLater(
      async () => {
        await pause(20);
        marks.push('marked');
      },
      5,
      () => undefined
    );
    await pause(10);
    await processing.settled();
    marks.push('finished');
    expect(marks).toEqual(['marked', 'finished']);
  });

  it('is made at once when asked, only once', async () => {
    let marks = 0;
    const processing = markLater(
      async () => void (marks += 1),
      10_000,
      () => undefined
    );
    await processing.now();
    await processing.now();
    await processing.settled();
    expect(marks).toBe(1);
  });

  it('reports a failure of a mark made after its delay, and does not hold up what follows', async () => {
    const failures: unknown[] = [];
    const processing = markLater(
      () => Promise.reject(new Error('database gone')),
      1,
      (error) => failures.push(error)
    );
    await pause(10);
    await processing.settled();
    expect(failures).toEqual([new Error('database gone')]);
  });
});
