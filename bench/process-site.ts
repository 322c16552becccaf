import qs from 'qs';
import { ADMIN_TEST_PASSWORD } from '../tests/helpers/admin';
import { eventually, postSigned, request } from '../tests/helpers/http';
import { startPlaygroundProcess } from '../tests/helpers/playground-process';
import { createSiteStorage } from '../tests/helpers/site';

/**
 * A playground in a process of its own, on a storage of its own: for a comparison of two sites
 * whose difference is fixed at start (Strapi keeps one instance per process). Its first admin,
 * registered over HTTP, reads the sync's time from the history as the page does.
 */
export async function startProcessSite(env: Record<string, string>) {
  const storage = await createSiteStorage();
  const playground = await startPlaygroundProcess(storage, env).catch(async (error) => {
    await storage.remove();
    throw error;
  });
  const { baseUrl } = playground;
  const registered = await request(`${baseUrl}/admin/register-admin`, {
    body: JSON.stringify({
      firstname: 'Bench',
      lastname: 'Admin',
      email: 'bench@example.org',
      password: ADMIN_TEST_PASSWORD,
    }),
    headers: { 'content-type': 'application/json' },
  });
  if (registered.status !== 201 && registered.status !== 200)
    throw new Error(`registering the first admin failed: ${registered.status}`);
  const authorization = `Bearer ${registered.json.data.token as string}`;

  /** The inbox row `id` once the worker is done with it, from the history's newest rows. */
  async function finishedRow(id: number) {
    const answer = await request(`${baseUrl}/stager/messages?pageSize=5`, {
      method: 'GET',
      headers: { authorization },
    });
    const row = (answer.json?.results ?? []).find((entry: { id: number }) => entry.id === id);
    return row && ['processed', 'failed'].includes(row.status) ? row : null;
  }

  return {
    /** Sends the message and resolves with the worker's time for it (the inbox row's duration). */
    async applyAndTime(message: unknown): Promise<number> {
      const answer = await postSigned(playground.webhookUrl, message, storage.token);
      expect(answer.status).toBe(202);
      const row = await eventually(() => finishedRow(answer.json.data.id), 600_000, 'the sync');
      expect(row).toMatchObject({ status: 'processed', itemsFailed: 0 });
      return row.durationMs as number;
    },

    /** How many events REST lists whose Stager id starts with `prefix`, in `locale` if given. */
    async eventCount(prefix: string, locale?: string): Promise<number> {
      const query = qs.stringify(
        {
          locale,
          filters: { stagerId: { $startsWith: prefix } },
          pagination: { pageSize: 1 },
        },
        { encodeValuesOnly: true }
      );
      const answer = await request(`${baseUrl}/api/stager/events?${query}`, { method: 'GET' });
      expect(answer.status).toBe(200);
      return answer.json.meta.pagination.total as number;
    },

    async stop() {
      try {
        await playground.stop();
      } finally {
        await storage.remove();
      }
    },
  };
}

export type ProcessSite = Awaited<ReturnType<typeof startProcessSite>>;
