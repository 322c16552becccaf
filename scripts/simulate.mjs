#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { demoImagesOf } from './lib/demo-images.mjs';
import { MESSAGE_TYPES, sampleMessages, withImagesFrom } from './samples.mjs';
import { DEFAULT_MOCK_TOKEN, signBody } from './sign.mjs';

const DEFAULT_URL = 'http://127.0.0.1:1337/api/stager/webhook';

const USAGE = `Send signed Stager push feed messages to a webhook.

Usage: npm run simulate -- [--url U] [--token T] [--type TYPE | --file F] [--all]

  --url U      webhook URL (env STAGER_WEBHOOK_URL, default ${DEFAULT_URL})
  --token T    authentication token used for X-Signature (env STAGER_AUTH_TOKEN, default the mock token)
  --type TYPE  send the sample message of one type: ${MESSAGE_TYPES.join(', ')}
  --file F     send the exact bytes of file F, signed
  --all        send all six samples in order (the default)
  --help       show this help

Sent to the demo (npm run demo), the samples' images point at the copies the demo serves, so that
they become files in its Media Library.

Exit code: 0 when every answer was 2xx, 1 otherwise, 2 on a usage error.`;

function usageError(message) {
  console.error(`${message} (see --help)`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  const withValue = new Set(['--url', '--token', '--type', '--file']);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    if (arg === '--help' || arg === '-h') opts.help = true;
    else if (arg === '--all') opts.all = true;
    else if (withValue.has(arg)) {
      if (value === undefined) value = argv[++i];
      if (value === undefined || value === '') usageError(`${arg} needs a value`);
      opts[arg.slice(2)] = value;
    } else usageError(`unknown argument: ${arg}`);
  }
  return opts;
}

function compact(text) {
  let out;
  try {
    out = JSON.stringify(JSON.parse(text));
  } catch {
    out = text.replace(/\s+/g, ' ').trim();
  }
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

function isRefused(err) {
  const cause = err?.cause;
  return (
    cause?.code === 'ECONNREFUSED' || (cause?.errors ?? []).some((e) => e.code === 'ECONNREFUSED')
  );
}

async function loadMessages(opts, url) {
  if ([opts.type, opts.file, opts.all].filter(Boolean).length > 1)
    usageError('use only one of --type, --file, --all');
  if (opts.file) {
    let body;
    try {
      body = await readFile(opts.file);
    } catch (err) {
      usageError(`cannot read ${opts.file}: ${err.code ?? err.message}`);
    }
    let label = '(file)';
    try {
      label = JSON.parse(body.toString('utf8')).messageType ?? label;
    } catch {
      // Not JSON: sent as it is, under the label "(file)".
    }
    return [{ label: String(label), body }];
  }
  let types = MESSAGE_TYPES;
  if (opts.type) {
    const type = opts.type.toUpperCase();
    if (!MESSAGE_TYPES.includes(type))
      usageError(`unknown type ${opts.type}; use one of ${MESSAGE_TYPES.join(', ')}`);
    types = [type];
  }
  const samples = await withDemoImages(sampleMessages(), url);
  return types.map((type) => ({
    label: type,
    body: Buffer.from(JSON.stringify(samples[type]), 'utf8'),
  }));
}

/** The samples, with their images at the demo's copies when `url` is the demo's webhook. */
async function withDemoImages(samples, url) {
  const images = await demoImagesOf(url);
  if (!images) return samples;
  console.log(`images from ${images}/ (the demo's own copies)`);
  return withImagesFrom(samples, images);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const url = opts.url || process.env.STAGER_WEBHOOK_URL || DEFAULT_URL;
  const token = opts.token || process.env.STAGER_AUTH_TOKEN || DEFAULT_MOCK_TOKEN;
  try {
    new URL(url);
  } catch {
    usageError(`not a valid URL: ${url}`);
  }
  const messages = await loadMessages(opts, url);

  let failed = false;
  for (const { label, body } of messages) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Signature': signBody(body, token) },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      if (!res.ok) failed = true;
      console.log(`${label}  ${res.status} ${compact(text)}`);
    } catch (err) {
      failed = true;
      const cause = err?.cause;
      const reason =
        cause?.code || cause?.errors?.[0]?.code || cause?.message || err?.message || String(err);
      console.log(`${label}  error ${reason}`);
      if (isRefused(err)) {
        console.error(`cannot connect to ${url}: is the demo running? start it with npm run demo`);
        break;
      }
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
