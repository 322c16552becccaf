import * as React from 'react';

/** Calls `load` now, whenever `key` changes, and every `intervalMs` while the page is open. */
export function usePolling(load: () => Promise<void>, key: string, intervalMs: number) {
  const latest = React.useRef(load);
  React.useEffect(() => {
    latest.current = load;
  });
  React.useEffect(() => {
    void latest.current();
    const timer = setInterval(() => void latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [key, intervalMs]);
}
