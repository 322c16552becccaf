import { postSigned } from '../tests/helpers/http';
import type { TestSite } from '../tests/helpers/site';

/** How many requests the benchmarks keep in flight at once, as Stager's senders would. */
export const SENDERS = 10;

/**
 * Posts every message to the site's webhook, `SENDERS` at a time, each expected to be accepted;
 * resolves with their inbox ids.
 */
export async function sendSigned(site: TestSite, messages: Buffer[]): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < messages.length) {
      const answer = await postSigned(site.webhookUrl, messages[next++], site.token);
      expect(answer.status).toBe(202);
      ids.push(answer.json.data.id as number);
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return ids;
}
