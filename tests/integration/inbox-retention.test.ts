import { postSigned } from '../helpers/http';
import { INBOX_UID, inboxRow } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { prunePayloads } from '../../server/src/inbox/retention';
import { createInboxStore } from '../../server/src/inbox/store';

let site: TestSite;

beforeAll(async () => {
  site = await startSite({ STAGER_WORKER: 'false' });
});

afterAll(async () => {
  await site?.stop();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function storedMessage(status: string, ageDays: number) {
  const answer = await postSigned(
    site.webhookUrl,
    { messageType: 'SOMETHING_NEW', messageContent: {} },
    site.token
  );
  const id = answer.json.data.id as number;
  await site.strapi.db.query(INBOX_UID as never).update({
    where: { id },
    data: { status, receivedAt: new Date(Date.now() - ageDays * DAY_MS) },
  });
  return id;
}

it('drops the payloads of finished messages past the retention period and keeps their history', async () => {
  const oldProcessed = await storedMessage('processed', 31);
  const oldFailed = await storedMessage('failed', 45);
  const recent = await storedMessage('processed', 29);
  const oldPending = await storedMessage('received', 40);

  await prunePayloads(createInboxStore(site.strapi), 30, site.strapi.log);

  for (const id of [oldProcessed, oldFailed]) {
    const row = await inboxRow(site.strapi, id);
    expect(row).toMatchObject({
      payload: null,
      payloadPrunedAt: expect.any(String),
      messageType: 'SOMETHING_NEW',
    });
  }
  for (const id of [recent, oldPending]) {
    expect((await inboxRow(site.strapi, id))!.payload).toEqual(expect.any(String));
  }
});

it('leaves a web-only instance’s messages in the inbox for a worker', async () => {
  const answer = await postSigned(
    site.webhookUrl,
    { messageType: 'UPDATE_EVENTS', messageContent: {} },
    site.token
  );
  expect(answer.status).toBe(202);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await inboxRow(site.strapi, answer.json.data.id))!.status).toBe('queued');
});
