// The benchmarks reuse the tests' harness (a real playground booted in-process), so they run
// under Jest too; they measure and report, and assert only what must hold (e.g. zero writes).
const { projects, ...base } = require('../jest.config.js');

const node = projects.find((project) => project.displayName === 'node');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  ...node,
  displayName: 'bench',
  rootDir: '..',
  roots: ['<rootDir>/bench'],
  testMatch: ['**/*.bench.ts'],
  testTimeout: 600_000,
};
