import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
/** A smoke run (BENCH_SMOKE=1) keeps the bench working; its figures mean nothing and go elsewhere. */
export const SMOKE = process.env.BENCH_SMOKE === '1';

const fileOf = (name) => path.join(RESULTS_DIR, `${name}${SMOKE ? '-smoke' : ''}.json`);

/** Writes `bench/results/<name>.json`: the figures, with the machine and the date they come from. */
export function writeResults(name, figures) {
  const machine = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(fileOf(name), `${JSON.stringify({ ...machine, ...figures }, null, 2)}\n`);
}

export function readResults(name) {
  try {
    return JSON.parse(readFileSync(fileOf(name), 'utf8'));
  } catch {
    return null;
  }
}
