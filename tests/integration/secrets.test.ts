import { decodePayload } from '../../server/src/inbox/payload-codec';
import { eventually, hmacHex, postSigned, request, type Answer } from '../helpers/http';
import { INBOX_UID, rowWithStatus } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

/**
 * The tokens never leave the site: a whole run of accepted, refused and failing messages is
 * searched for them in every log line, every answer and every inbox row.
 */
let site: TestSite;
const logLines: string[] = [];
const answers: Answer[] = [];
const PREVIOUS_TOKEN = 'previous-token-3f9c2a77e1d04b6b';

beforeAll(async () => {
  site = await startSite({ LOG_LEVEL: 'debug' });
  // Strapi's logger is a stream of what it logs, whatever its transports print.
  (site.strapi.log as unknown as NodeJS.EventEmitter).on('data', (info: { message?: unknown }) =>
    logLines.push(JSON.stringify(info))
  );
});

afterAll(async () => {
  await site?.stop();
});

const record = async (answer: Promise<Answer>) => {
  const result = await answer;
  answers.push(result);
  return result;
};

it('appear in no log line, no answer and no inbox row', async () => {
  const message = (id: string) =>
    Buffer.from(JSON.stringify(buildUpdateEvents({ events: [exampleEvent({ id })] })));
  site.setOption('previousAuthToken', PREVIOUS_TOKEN);
  site.setOption('previousAuthTokenExpiresAt', new Date(Date.now() + 60_000).toISOString());

  const accepted = [
    await record(postSigned(site.webhookUrl, message('ev-secret-1'), site.token)),
    await record(postSigned(site.webhookUrl, message('ev-secret-2'), PREVIOUS_TOKEN)),
    // A message that fails in the worker: its error is recorded on the row.
    await record(
      postSigned(
        site.webhookUrl,
        { messageType: 'UPDATE_EVENTS', messageContent: { events: [] } },
        site.token
      )
    ),
  ];
  const body = message('ev-secret-3');
  await record(
    request(site.webhookUrl, { body, headers: { 'x-signature': hmacHex(body, 'a-wrong-token') } })
  );
  await record(request(site.webhookUrl, { body, headers: { 'x-signature': 'not a signature' } }));
  await record(
    request(site.webhookUrl, {
      body: '{"messageType":',
      headers: { 'x-signature': hmacHex('{"messageType":', site.token) },
    })
  );
  await record(request(site.webhookUrl, { method: 'GET' }));
  site.setOption('authToken', '');
  site.setOption('previousAuthToken', '');
  await record(postSigned(site.webhookUrl, body, site.token));
  await record(request(`${site.baseUrl}/api/stager/events?populate=*`, { method: 'GET' }));
  await record(
    request(`${site.baseUrl}/graphql`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stagerEvents { name subtitle } }' }),
    })
  );

  for (const answer of accepted) {
    await eventually(
      () => rowWithStatus(site.strapi, answer.json.data.id, ['processed', 'failed']),
      15_000,
      'the message'
    );
  }
  const rows = await site.strapi.db.query(INBOX_UID).findMany({});
  const payloads = await Promise.all(
    rows.map(async (row) =>
      row.payload ? (await decodePayload(row.payload as string)).toString() : ''
    )
  );

  expect(answers.map((answer) => answer.status)).toEqual([
    202, 202, 202, 401, 401, 400, 405, 503, 200, 200,
  ]);
  expect(logLines.some((line) => line.includes('failed after'))).toBe(true);
  const everything = [
    ...logLines,
    ...answers.map((answer) => `${JSON.stringify(answer.headers)} ${answer.text}`),
    JSON.stringify(rows),
    ...payloads,
  ];
  for (const secret of [site.token, PREVIOUS_TOKEN]) {
    expect(everything.filter((text) => text.includes(secret))).toEqual([]);
  }
});
