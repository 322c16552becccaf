#!/usr/bin/env node
// The load generator, run as a process of its own so that it never shares an event loop with the
// server it measures. Takes one JSON argument, prints one JSON line.
//   { kind: 'autocannon', url, bodyFile, signature?, connections, duration?, amount?, overallRate? }
//     autocannon's figures: requests per second, latency percentiles, answers by status class.
//   { kind: 'reject', url, bodyFile, samples }
//     sequential unsigned POSTs of the body: milliseconds from the first byte sent to the answer.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const body = readFileSync(options.bodyFile);
const headers = {
  'content-type': 'application/json',
  ...(options.signature ? { 'x-signature': options.signature } : {}),
};

async function runAutocannon() {
  const { url, connections, duration, amount, overallRate } = options;
  const limits = Object.fromEntries(
    Object.entries({ duration, amount, overallRate }).filter(([, value]) => value !== undefined)
  );
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections,
    ...limits,
    timeout: 60,
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    seconds: result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Milliseconds from the first byte sent to the answer; resolves once the body is sent and the answer read. */
async function timeOneRejection() {
  const started = process.hrtime.bigint();
  const request = http.request(options.url, {
    method: 'POST',
    agent: keepAlive,
    headers: { ...headers, 'content-length': body.length },
  });
  const sent = once(request, 'finish');
  request.end(body);
  // `once` rejects on the request's 'error': before the answer, that means no answer came.
  const [response] = await once(request, 'response').catch((error) => {
    throw new Error(`no answer to an unsigned request: ${error.message}`);
  });
  const answered = {
    ms: Number(process.hrtime.bigint() - started) / 1e6,
    status: response.statusCode,
  };
  response.resume();
  await Promise.all([sent, once(response, 'end')]);
  return answered;
}

async function timeRejections() {
  const samples = [];
  for (let i = 0; i < options.samples; i++) samples.push(await timeOneRejection());
  const ms = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    statuses: [...new Set(samples.map((sample) => sample.status))],
    ms: { p50: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] },
  };
}

const result = options.kind === 'reject' ? await timeRejections() : await runAutocannon();
keepAlive.destroy();
process.stdout.write(`${JSON.stringify(result)}\n`);
