#!/usr/bin/env node
// `npm run docs:fields`: writes the field reference, generated from the schemas, into
// docs/front-end.md. `--check` only reports whether it is up to date (exit code 1 when it is not).
import { readFile, writeFile } from 'node:fs/promises';
import {
  FIELD_REFERENCE_PAGE,
  renderFieldReference,
  withFieldReference,
} from './lib/field-reference.mjs';

const pagePath = new URL(`../${FIELD_REFERENCE_PAGE}`, import.meta.url);
const page = await readFile(pagePath, 'utf8');
const updated = withFieldReference(page, renderFieldReference());

if (process.argv.includes('--check')) {
  if (updated !== page) {
    console.error(
      `${FIELD_REFERENCE_PAGE}: the field reference is out of date: run npm run docs:fields`
    );
    process.exit(1);
  }
  console.log(`${FIELD_REFERENCE_PAGE}: the field reference is up to date`);
} else if (updated === page) {
  console.log(`${FIELD_REFERENCE_PAGE}: the field reference is already up to date`);
} else {
  await writeFile(pagePath, updated);
  console.log(`${FIELD_REFERENCE_PAGE}: the field reference written`);
}
