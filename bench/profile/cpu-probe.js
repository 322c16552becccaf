// Forked by bench/cluster-backlog.bench.ts: every 50 ms, runs one fixed piece of JavaScript work
// (parsing and writing feed-like JSON) and notes the CPU time it took. The work never changes, so
// when its CPU time rises from one round to another, the same instructions cost more on the
// busier machine: the plugin's own CPU per message can rise as much without more work. Asked with
// 'start', it forgets its notes; asked with 'read', it answers with their median in ms. A
// measuring aid only.
const EVERY_MS = 50;
const event = (id) => ({
  id,
  name: `Event ${id}`,
  start: '2026-12-05T20:00:00.000Z',
  ticketTypes: Array.from({ length: 4 }, (_, i) => ({ id: i, name: `Ticket ${i}`, price: 1250 })),
  location: { id: 7, name: 'Main hall', address: { city: 'Utrecht', street: 'Singel 1' } },
});
const text = JSON.stringify({
  messageType: 'UPDATE_EVENTS',
  events: Array.from({ length: 40 }, (_, i) => event(i)),
});

let samples = [];
function fixedWork() {
  const before = process.cpuUsage();
  for (let i = 0; i < 5; i += 1) JSON.stringify(JSON.parse(text));
  const used = process.cpuUsage(before);
  samples.push((used.user + used.system) / 1000);
}

const timer = setInterval(fixedWork, EVERY_MS);
process.on('message', (message) => {
  if (message === 'start') samples = [];
  if (message === 'read') {
    const sorted = [...samples].sort((a, b) => a - b);
    process.send({ medianMs: sorted[sorted.length >> 1] ?? null, samples: sorted.length });
  }
});
process.on('disconnect', () => clearInterval(timer));
