#!/usr/bin/env node
// `npm run demo`: builds the plugin, finds or starts Redis, and runs the playground site with
// the plugin, printing what is needed to send it messages.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { onShutdown } from './lib/run.mjs';
import { DEFAULT_MOCK_TOKEN } from './sign.mjs';

const { ensureRedis } = createRequire(import.meta.url)('./lib/redis-server.js');

const port = Number(process.env.PORT || 1337);
const site = `http://localhost:${port}`;
const token = process.env.STAGER_AUTH_TOKEN || DEFAULT_MOCK_TOKEN;

let redis;
try {
  redis = await ensureRedis();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
if (redis.private) console.log(`No Redis answered at ${process.env.REDIS_URL || 'redis://127.0.0.1:6379'}; started a private one at ${redis.url}.`);

await buildPluginAndPlayground();

const strapi = spawn('npx', ['strapi', 'develop'], {
  cwd: 'playground',
  stdio: 'inherit',
  env: { ...process.env, PORT: String(port), REDIS_URL: redis.url, STAGER_AUTH_TOKEN: token },
});
const cleanup = onShutdown(async () => {
  strapi.kill('SIGINT');
  await redis.stop();
});
strapi.once('exit', async (code) => {
  await cleanup();
  process.exit(code ?? 0);
});

await waitForSite();
const shownToken = token === DEFAULT_MOCK_TOKEN ? `${token}  (the documented mock token)` : '(from STAGER_AUTH_TOKEN, not shown)';
console.log(`
  Stager demo is running.

  Webhook URL    ${site}/api/stager/webhook
  Token          ${shownToken}
  Admin          ${site}/admin
  Events (REST)  ${site}/api/stager/events

  Send Stager's six sample messages:  npm run simulate
  Stop the demo:                      Ctrl-C
`);

async function waitForSite() {
  for (;;) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/_health`);
      if (answer.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
