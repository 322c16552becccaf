#!/usr/bin/env node
// A load that uses the machine as a second worker would, without sharing any of its work: four
// loops that each decode and encode a feed event's JSON, send PostgreSQL a small statement, and
// sleep a millisecond (about a third of a core here, and PostgreSQL's share beside it). Run beside
// one worker of bench/cluster-backlog.bench.ts, it tells how much of two workers' extra CPU per
// message comes from sharing the cores alone. A measuring aid only.
//   node bench/profile/worker-like-load.mjs <seconds>
import pg from 'pg';
import { databaseServers } from '../../scripts/lib/database-servers.js';
import { exampleEvent } from '../../scripts/samples.mjs';

const seconds = Number(process.argv[2] || 60);
const event = JSON.stringify(exampleEvent({ id: 'load', name: 'Load' }));
const { host, port, user, password } = databaseServers().postgres;
const stopAt = Date.now() + seconds * 1000;
let statements = 0;

async function loop() {
  const client = new pg.Client({ host, port, user, password, database: 'test' });
  await client.connect();
  while (Date.now() < stopAt) {
    for (let i = 0; i < 3; i += 1) JSON.stringify({ ...JSON.parse(event), name: `Load ${i}` });
    await client.query('select $1::int + 1 as next, md5($2) as digest', [statements, event]);
    statements += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await client.end();
}

const cpuBefore = process.cpuUsage();
await Promise.all([loop(), loop(), loop(), loop()]);
const { user: userUs, system: systemUs } = process.cpuUsage(cpuBefore);
console.log(
  `${Math.round(statements / seconds)} statements per second, ${((userUs + systemUs) / 1e4 / seconds).toFixed(0)} % of a core`
);
