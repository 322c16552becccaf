// The benchmarks reuse the tests' harness (a real playground booted in-process), so they run
// under Jest too; they measure and report, and assert only what must hold (e.g. zero writes).
const base = require('../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/bench'],
  testMatch: ['**/*.bench.ts'],
  testTimeout: 600_000,
};
