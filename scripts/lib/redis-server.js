'use strict';
// Finds a Redis for the demo and the tests, or starts a private one. CommonJS so that both the
// .mjs scripts and the Jest tests can load it.
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
function ping(url, timeoutMs = 1000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port) || 6379 });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts a private redis-server on a free port (or `port`), without persistence. `stop()` kills
 * it; `start()` starts it again on the same port, as a Redis restart would.
 */
async function startPrivateRedis({ port } = {}) {
  const chosenPort = port ?? (await freePort());
  const url = `redis://127.0.0.1:${chosenPort}`;
  let child = null;

  const instance = {
    url,
    port: chosenPort,
    async start() {
      if (child) return;
      child = spawn(
        'redis-server',
        ['--port', String(chosenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' }
      );
      child.once('exit', () => {
        child = null;
      });
      await waitFor(() => ping(url, 200), 10_000, `redis-server on port ${chosenPort}`);
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
  await instance.start();
  return instance;
}

/**
 * The Redis at REDIS_URL (default redis://127.0.0.1:6379) when it answers; otherwise a private
 * one, when redis-server is installed; otherwise an error saying how to get Redis.
 */
async function ensureRedis(url = process.env.REDIS_URL || 'redis://127.0.0.1:6379') {
  if (await ping(url)) return { url, private: false, stop: async () => undefined };
  if (!hasRedisServer()) {
    throw new Error(
      `No Redis answers at ${url} and redis-server is not installed: install Redis (e.g. apt-get install redis-server) or set REDIS_URL.`
    );
  }
  const redis = await startPrivateRedis();
  return { url: redis.url, private: true, stop: () => redis.stop() };
}

module.exports = { ping, freePort, startPrivateRedis, ensureRedis };
