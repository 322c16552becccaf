// Loaded with `node --require` into a Strapi process by bench/cluster-backlog.bench.ts when
// BENCH_COUNT_QUERIES=1: counts the process's PostgreSQL statements by kind and the time from
// sending each to its answer, and writes them every second to
// $BENCH_QUERY_COUNTS_DIR/<pid>.json. A measuring aid only: nothing of the plugin depends on it.
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const counts = {};
let statements = 0;
let waitingMs = 0;

/** The statement's kind: its verb and first table, without values. */
function kindOf(text) {
  const normal = String(text).replace(/\s+/g, ' ').trim();
  const verb = normal.split(' ')[0].toLowerCase();
  const table = /(?:from|into|update|join) (?:"?[a-z_0-9]+"?\.)?"?([a-z_0-9]+)"?/i.exec(normal);
  const lock = / for (update|share)/i.exec(normal);
  return `${verb} ${table ? table[1] : ''}${lock ? ` for ${lock[1]}` : ''}`.trim();
}

const query = Client.prototype.query;
Client.prototype.query = function countedQuery(config, values, callback) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (text) {
    const kind = kindOf(text);
    counts[kind] = (counts[kind] || 0) + 1;
    statements += 1;
    const startedAt = process.hrtime.bigint();
    const done = () => (waitingMs += Number(process.hrtime.bigint() - startedAt) / 1e6);
    const last = [values, callback].findIndex((argument) => typeof argument === 'function');
    if (last === 0) {
      const original = values;
      values = function (...args) {
        done();
        return original.apply(this, args);
      };
    } else if (last === 1) {
      const original = callback;
      callback = function (...args) {
        done();
        return original.apply(this, args);
      };
    } else if (config && typeof config.callback === 'function') {
      const original = config.callback;
      config.callback = function (...args) {
        done();
        return original.apply(this, args);
      };
    } else {
      const result = query.call(this, config, values, callback);
      if (result && typeof result.then === 'function') result.then(done, done);
      return result;
    }
  }
  return query.call(this, config, values, callback);
};

const file = path.join(process.env.BENCH_QUERY_COUNTS_DIR || '/tmp', `${process.pid}.json`);
setInterval(() => {
  writeFileSync(file, JSON.stringify({ statements, waitingMs, counts }));
}, 1000).unref();
