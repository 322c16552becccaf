#!/usr/bin/env node
// `npm run docs:fields`: writes the field reference, generated from the schemas, into README.md.
// `--check` only reports whether README.md is up to date (exit code 1 when it is not).
import { readFile, writeFile } from 'node:fs/promises';
import { renderFieldReference, withFieldReference } from './lib/field-reference.mjs';

const readmePath = new URL('../README.md', import.meta.url);
const readme = await readFile(readmePath, 'utf8');
const updated = withFieldReference(readme, renderFieldReference());

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md field reference is out of date: run npm run docs:fields');
    process.exit(1);
  }
  console.log('README.md field reference is up to date');
} else if (updated === readme) {
  console.log('README.md field reference already up to date');
} else {
  await writeFile(readmePath, updated);
  console.log('README.md field reference written');
}
