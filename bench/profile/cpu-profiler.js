// Loaded with `node --require` into a Strapi process by bench/cluster-backlog.bench.ts when
// BENCH_CPU_PROFILE_DIR is set: the first SIGUSR2 starts a V8 CPU profile, the next writes it to
// $BENCH_CPU_PROFILE_DIR/<pid>.cpuprofile (`summarize-cpu.mjs` sums it up). Node 20 refuses
// `--cpu-prof` in NODE_OPTIONS, hence the inspector. A measuring aid only.
const { writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const path = require('node:path');

const session = new Session();
session.connect();
let profiling = false;

process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  profiling = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return console.error(`cpu-profiler: ${error.message}`);
    const file = path.join(process.env.BENCH_CPU_PROFILE_DIR, `${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
  });
});
