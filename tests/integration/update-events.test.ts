import { postSigned, request } from '../helpers/http';
import { settledRow } from '../helpers/inbox';
import { entryOf } from '../helpers/entries';
import { startSite, type TestSite } from '../helpers/site';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import { buildUpdateEvents, exampleEvent } from '../../scripts/samples.mjs';

let site: TestSite;

beforeAll(async () => {
  site = await startSite();
});

afterAll(async () => {
  await site?.stop();
});

const send = async (message: unknown) => {
  const answer = await postSigned(site.webhookUrl, message, site.token);
  expect(answer.status).toBe(202);
  return answer.json.data.id as number;
};
const settled = (id: number) => settledRow(site.strapi, id, 15_000);
const getJson = async (path: string) =>
  (await request(`${site.baseUrl}${path}`, { method: 'GET' })).json;

describe('UPDATE_EVENTS', () => {
  it('becomes an inbox row and events readable over REST', async () => {
    const event = exampleEvent({ id: 'ev-rest-1', name: 'Sterren & Straten' });
    const id = await send(buildUpdateEvents({ events: [event] }));

    const row = await settled(id);
    expect(row).toMatchObject({
      status: 'processed',
      attempts: 1,
      itemsProcessed: 1,
      itemsFailed: 0,
      error: null,
    });
    expect(row.durationMs).toEqual(expect.any(Number));

    const list = await getJson(
      '/api/stager/events?filters[stagerId][$eq]=ev-rest-1&populate[0]=location&populate[1]=organization'
    );
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      stagerId: 'ev-rest-1',
      name: 'Sterren & Straten',
      eventStatus: event.status,
      start: new Date(event.start).toISOString(),
      modifiedAt: new Date(event.modifiedAt).toISOString(),
      organization: { stagerId: 'org-4512' },
      location: { stagerId: event.location.id, name: event.location.name },
    });

    // The whole payload is kept for editors, private to front ends.
    const one = await getJson(`/api/stager/events/${list.data[0].documentId}`);
    expect(one.data).not.toHaveProperty('raw');
    expect((await entryOf(site.strapi, ENTITY_UIDS.event, 'ev-rest-1'))!.raw).toEqual(event);
  });

  it('updates an existing event in place', async () => {
    await settled(
      await send(
        buildUpdateEvents({ events: [exampleEvent({ id: 'ev-upd', name: 'First title' })] })
      )
    );
    await settled(
      await send(
        buildUpdateEvents({ events: [exampleEvent({ id: 'ev-upd', name: 'Second title' })] })
      )
    );
    const list = await getJson('/api/stager/events?filters[stagerId][$eq]=ev-upd');
    expect(list.data.map((e: { name: string }) => e.name)).toEqual(['Second title']);
  });

  it('keeps unknown fields in raw', async () => {
    const event = { ...exampleEvent({ id: 'ev-unknown' }), brandNewField: { nested: [1, 2] } };
    await settled(await send(buildUpdateEvents({ events: [event] })));
    const entry = await entryOf(site.strapi, ENTITY_UIDS.event, 'ev-unknown');
    expect((entry!.raw as { brandNewField: unknown }).brandNewField).toEqual({ nested: [1, 2] });
  });

  it('fails a bad event alone, recording its path and reason, and applies the rest', async () => {
    const bad = exampleEvent({ id: 'ev-bad', start: 'tomorrow evening' });
    const good = exampleEvent({ id: 'ev-good' });
    const row = await settled(await send(buildUpdateEvents({ events: [bad, good] })));
    expect(row).toMatchObject({ status: 'processed', itemsProcessed: 1, itemsFailed: 1 });
    expect(row.error).toMatch(
      /^processed with 1 item error\(s\): messageContent\.events\[0\]\.start: /
    );

    expect((await getJson('/api/stager/events?filters[stagerId][$eq]=ev-good')).data).toHaveLength(
      1
    );
    expect((await getJson('/api/stager/events?filters[stagerId][$eq]=ev-bad')).data).toHaveLength(
      0
    );
  });

  it('fails a message without an organisation at once, without retrying', async () => {
    const row = await settled(
      await send({ messageType: 'UPDATE_EVENTS', messageContent: { events: [exampleEvent()] } })
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toMatch(/^messageContent\.organization: /);
  });
});

describe('other message types', () => {
  it('ends an unknown type as unsupported, with its payload kept for a later replay', async () => {
    const row = await settled(
      await send({ messageType: 'SOMETHING_NEW', messageContent: { x: 1 } })
    );
    expect(row).toMatchObject({
      status: 'unsupported',
      error: 'no handler for messageType SOMETHING_NEW',
    });
    expect(row.payload).toEqual(expect.any(String));
  });
});
