import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TestMessageResult } from '../../../shared/contracts/settings';
import { pluginConfig, webhookPath } from '../config';
import { INBOX_UID } from '../inbox/store';
import { sign } from '../ingest/signature';
import { getService } from '../services/get-service';
import { effectiveSettings } from './effective-settings';

/** The organisation the test message writes: not one of Stager's, so no full sync ever comes for it. */
export const TEST_ORGANIZATION_ID = 'stager-test-organization';

/** A harmless real message: it creates or updates one test organisation. */
export const TEST_MESSAGE = {
  messageType: 'UPDATE_ORGANIZATION',
  messageContent: {
    organization: {
      id: TEST_ORGANIZATION_ID,
      name: 'Test organisation (sent from Settings → Stager)',
    },
  },
};

const LOOPBACK = new Set(['0.0.0.0', '::', '']);

/** The site's own webhook, reached over loopback on the port Strapi listens on. */
function ownWebhookUrl(strapi: Core.Strapi): string {
  const { address, port } = strapi.server.httpServer.address() as AddressInfo;
  const host = LOOPBACK.has(address)
    ? '127.0.0.1'
    : address.includes(':')
      ? `[${address}]`
      : address;
  return `http://${host}:${port}${webhookPath(strapi)}`;
}

/**
 * Signs the test message with the current token and posts it to the site's own webhook, as
 * Stager would; answers with the webhook's status and body and the history row it made.
 */
export async function sendTestMessage(strapi: Core.Strapi): Promise<TestMessageResult> {
  const settings = effectiveSettings(
    pluginConfig(strapi),
    getService(strapi, 'runtime').settings.current()
  );
  if (!settings.authToken)
    throw new errors.ValidationError(
      'no authentication token is set: set one before sending a test message'
    );

  const body = Buffer.from(JSON.stringify(TEST_MESSAGE));
  const answer = await fetch(ownWebhookUrl(strapi), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature': sign(body, settings.authToken).toString('hex'),
    },
    body,
  });
  const answerBody = (await answer.json().catch(() => null)) as { data?: { id?: number } } | null;
  const id = answer.status === 202 ? answerBody?.data?.id : undefined;
  const message = id
    ? await (strapi.db.query(INBOX_UID as never).findOne({
        where: { id },
        select: [
          'id',
          'receivedAt',
          'messageType',
          'organizationId',
          'status',
          'itemCount',
          'size',
        ],
      }) as Promise<TestMessageResult['message']>)
    : null;
  return { status: answer.status, body: answerBody, message };
}
