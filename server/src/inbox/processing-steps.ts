/** At most `size` holders at once; the others wait, first come first served. */
export function createSemaphore(size: number) {
  let held = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire(): Promise<void> {
      if (held < size) {
        held += 1;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else held -= 1;
    },
  };
}

/**
 * Runs `mark` once `delayMs` have passed, or at once when asked (`now`); never when the work it
 * marks was done before (`settled`). `settled` also waits for a mark under way, so that it never
 * lands after what follows it.
 */
export function markLater(
  mark: () => Promise<void>,
  delayMs: number,
  onLateFailure: (error: unknown) => void
) {
  let marking: Promise<void> | null = null;
  const start = () => (marking ??= mark());
  const timer = setTimeout(() => start().catch(onLateFailure), delayMs);
  timer.unref();
  return {
    now(): Promise<void> {
      clearTimeout(timer);
      return start();
    },
    async settled(): Promise<void> {
      clearTimeout(timer);
      await marking?.catch(() => undefined);
    },
  };
}
