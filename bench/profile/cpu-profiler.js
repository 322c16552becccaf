// Loaded with `node --require` into a Strapi process by bench/cluster-backlog.bench.ts when
// BENCH_CPU_PROFILE_DIR is set: the first SIGUSR2 starts a profile, the next writes it there.
// - By default a V8 CPU profile, <pid>.cpuprofile (`summarize-cpu.mjs` sums it up), and beside it
//   <pid>.gc.json, the garbage collections of the window by kind: how many, and their ms. V8
//   samples the main thread by the clock, so time the process waited for a core counts too.
//   Node 20 refuses `--cpu-prof` in NODE_OPTIONS, hence the inspector.
// - With BENCH_CPU_PROFILER=perf, `perf record -e cpu-clock` of the whole process, <pid>.perf.data:
//   only time on a core, and every thread (V8's compiler and GC threads count in the process's
//   CPU); read it with `perf report -i <file> --sort sym`, JavaScript named through the
//   /tmp/perf-<pid>.map that --perf-basic-prof-only-functions writes.
// - With BENCH_CPU_PROFILER=promoted, a sampled heap profile, <pid>.heapprofile, of the
//   allocations that outlived the young generation (kept until a full collection, or still live):
//   what makes the old generation grow between full collections.
// A measuring aid only.
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const path = require('node:path');
const { constants } = require('node:perf_hooks');

const file = (extension) =>
  path.join(process.env.BENCH_CPU_PROFILE_DIR, `${process.pid}.${extension}`);

function v8Profiler() {
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  const session = new Session();
  session.connect();
  let collections = {};
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const sum = (collections[kinds[entry.detail?.kind] ?? 'other'] ??= { count: 0, ms: 0 });
      sum.count += 1;
      sum.ms += entry.duration;
    }
  });
  return {
    start() {
      collections = {};
      gcObserver.observe({ entryTypes: ['gc'] });
      session.post('Profiler.enable', () => session.post('Profiler.start'));
    },
    stop() {
      gcObserver.disconnect();
      writeFileSync(file('gc.json'), JSON.stringify(collections));
      session.post('Profiler.stop', (error, result) => {
        if (error) return console.error(`cpu-profiler: ${error.message}`);
        writeFileSync(file('cpuprofile'), JSON.stringify(result.profile));
      });
    },
  };
}

function perfProfiler() {
  let perf = null;
  return {
    start() {
      const args = ['record', '-e', 'cpu-clock', '-F', '1999', '-p', String(process.pid)];
      perf = spawn('perf', [...args, '-o', file('perf.data')], { stdio: 'ignore' });
    },
    stop() {
      perf.kill('SIGINT');
    },
  };
}

function promotedGarbageProfiler() {
  const session = new Session();
  session.connect();
  return {
    start() {
      session.post('HeapProfiler.enable', () =>
        session.post('HeapProfiler.startSampling', {
          samplingInterval: 16384,
          includeObjectsCollectedByMajorGC: true,
        })
      );
    },
    stop() {
      session.post('HeapProfiler.stopSampling', (error, result) => {
        if (error) return console.error(`cpu-profiler: ${error.message}`);
        writeFileSync(file('heapprofile'), JSON.stringify(result.profile));
      });
    },
  };
}

const profilers = { perf: perfProfiler, promoted: promotedGarbageProfiler };
const profiler = (profilers[process.env.BENCH_CPU_PROFILER] ?? v8Profiler)();
let profiling = false;
process.on('SIGUSR2', () => {
  profiling = !profiling;
  if (profiling) profiler.start();
  else profiler.stop();
});
