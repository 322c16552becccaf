import { createHmac } from 'node:crypto';

export const DEFAULT_MOCK_TOKEN = 'stager-mock-token-change-me';

export function signBody(bodyBuffer, token) {
  return createHmac('sha256', Buffer.from(token, 'utf8')).update(bodyBuffer).digest('hex');
}
