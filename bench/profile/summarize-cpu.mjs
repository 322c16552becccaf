#!/usr/bin/env node
// Sums up a V8 CPU profile (`node --cpu-prof`, as bench/cluster-backlog.bench.ts writes with
// BENCH_CPU_PROFILE_DIR): self time by package (or the plugin's own file) and by function, the
// largest first. A measuring aid only.
//   node bench/profile/summarize-cpu.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rows = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarize-cpu.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
profile.samples.forEach((id, i) =>
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
);
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** Where a function lives: its npm package, the plugin's file, or node's own. */
function placeOf(url) {
  if (!url) return '(native)';
  const packages = url.split('node_modules/');
  if (packages.length > 1) {
    const [scopeOrName, name] = packages.at(-1).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  if (url.startsWith('node:')) return 'node';
  const plugin = /\/(server|shared)\/(?:dist\/)?(.*)$/.exec(url);
  return plugin ? `plugin ${plugin[2]}` : url;
}

const byPlace = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const { callFrame } = nodes.get(id);
  const place = placeOf(callFrame.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  const name = `${callFrame.functionName || '(anonymous)'} ${place}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const print = (title, map) => {
  console.log(`\n${title}`);
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(rows))
    .forEach(([name, us]) =>
      console.log(`${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${name}`)
    );
};
console.log(`${(totalUs / 1e6).toFixed(1)} s sampled`);
print('self time by place', byPlace);
print('self time by function', byFunction);
