// Loaded with `node --require` into each worker by bench/cluster-backlog.bench.ts: after every full
// garbage collection (mark-compact), notes the time and the V8 heap then in use, what the process
// still holds, in $BENCH_HEAP_DIR/<pid>.json. The RSS between two full collections also counts
// garbage not yet collected; this is what stays. A measuring aid only.
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { constants } = require('node:perf_hooks');
const v8 = require('node:v8');

const file = path.join(process.env.BENCH_HEAP_DIR, `${process.pid}.json`);
const afterFullCollections = [];

new PerformanceObserver((list) => {
  const full = list
    .getEntries()
    .some((entry) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
  if (!full) return;
  afterFullCollections.push({
    at: Date.now(),
    heapMb: v8.getHeapStatistics().used_heap_size / 1e6,
  });
  writeFileSync(file, JSON.stringify(afterFullCollections));
}).observe({ entryTypes: ['gc'] });
