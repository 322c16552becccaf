#!/usr/bin/env node
// `npm run demo`: builds the plugin, finds or starts Redis, and runs the playground site with
// the plugin, printing what is needed to send it messages. The site serves the samples' images
// itself (playground/public/demo-images/) and imports them into its Media Library.
import { spawn } from 'node:child_process';
import { DEMO_IMAGES_PATH, demoMediaEnv } from './lib/demo-images.mjs';
import { buildPluginAndPlayground } from './lib/prepare.mjs';
import { redisForThisRun } from './lib/redis.mjs';
import { DEFAULT_MOCK_TOKEN } from './sign.mjs';

const port = Number(process.env.PORT || 1337);
const site = `http://localhost:${port}`;
const token = process.env.STAGER_AUTH_TOKEN || DEFAULT_MOCK_TOKEN;

const redis = await redisForThisRun();

await buildPluginAndPlayground();

// Strapi runs in a process group of its own (npx, Strapi and its workers), stopped as a whole.
const strapi = spawn('npx', ['strapi', 'develop'], {
  cwd: 'playground',
  stdio: 'inherit',
  detached: true,
  env: {
    ...process.env,
    PORT: String(port),
    REDIS_URL: redis.url,
    STAGER_AUTH_TOKEN: token,
    // The sample images come from the demo itself: images on, and its own address allowed.
    ...demoMediaEnv(),
  },
});
// Stopping the demo stops Strapi first; when Strapi exits, so does the demo, and its Redis.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.prependListener(signal, () => process.kill(-strapi.pid, 'SIGINT'));
strapi.once('exit', async (code) => {
  await redis.cleanup();
  process.exit(code ?? 0);
});

await waitForSite();
const shownToken =
  token === DEFAULT_MOCK_TOKEN
    ? `${token}  (the documented mock token)`
    : '(from STAGER_AUTH_TOKEN, not shown)';
console.log(`
  Stager demo is running.

  Webhook URL    ${site}/api/stager/webhook
  Token          ${shownToken}
  Admin          ${site}/admin
  Events (REST)  ${site}/api/stager/events?populate[mainImage][populate]=media
  Sample images  ${site}${DEMO_IMAGES_PATH}/  (the simulator's messages point at them)
  Calendar       ${site}/api/stager/calendar.ics
  JSON-LD        ${site}/api/stager/structured-data

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
