import { render, screen, server } from '@strapi/strapi/admin/test';
import { http, HttpResponse } from 'msw';
import { Route, Routes } from 'react-router-dom';
import { MessagePage } from '../../admin/src/pages/History/MessagePage';
import { ACTIONS, PLUGIN_ID, type HistoryRow, type MessageDetail } from '../../shared';
import { grant } from './permissions';
import { failUnansweredRequestsUnder } from './msw';

// A message's page against its admin API, answered by msw at the network level.
const API = `${window.strapi?.backendURL}/${PLUGIN_ID}`;

const row = (overrides: Partial<HistoryRow>): HistoryRow => ({
  id: 12,
  receivedAt: '2026-12-04T20:00:00.000Z',
  messageType: 'ORGANIZATION_SYNC',
  organizationId: 'org-4512',
  sourceAddress: '203.0.113.7',
  size: 2_000_000,
  itemCount: 1500,
  itemsProcessed: 0,
  itemsFailed: 0,
  status: 'queued',
  durationMs: null,
  attempts: 0,
  replays: 0,
  error: null,
  startedAt: null,
  finishedAt: null,
  payloadPrunedAt: null,
  ...overrides,
});

const detail = (
  overrides: Partial<MessageDetail>,
  message: Partial<HistoryRow>
): MessageDetail => ({
  replayable: false,
  waitingBehind: null,
  message: { ...row(message), sha256: 'ab'.repeat(32), itemErrors: null },
  summary: null,
  entries: [],
  images: null,
  ...overrides,
});

function openMessage(answer: MessageDetail) {
  server.use(http.get(`${API}/messages/:id`, () => HttpResponse.json({ data: answer })));
  render(
    <Routes>
      <Route path={`/plugins/${PLUGIN_ID}/messages/:id`} element={<MessagePage />} />
    </Routes>,
    {
      initialEntries: [`/plugins/${PLUGIN_ID}/messages/${answer.message.id}`],
      providerOptions: { permissions: grant(ACTIONS.readHistory, ACTIONS.replay) },
    }
  );
}

failUnansweredRequestsUnder(`/${PLUGIN_ID}/`);

describe("a message's replay offer", () => {
  it('is not made for a full sync waiting its turn, which says what it waits for', async () => {
    openMessage(detail({ waitingBehind: 11 }, { status: 'queued' }));
    expect(await screen.findByTestId('waiting-turn')).toHaveTextContent(
      'Waiting its turn: full sync #11 is being applied, then this one.'
    );
    expect(screen.queryByRole('button', { name: 'Replay' })).not.toBeInTheDocument();
  });

  it('is made for a finished message', async () => {
    openMessage(detail({ replayable: true }, { status: 'failed', error: 'boom' }));
    expect(await screen.findByRole('button', { name: 'Replay' })).toBeEnabled();
    expect(screen.queryByTestId('waiting-turn')).not.toBeInTheDocument();
  });

  it('is shown but not available for a queued message that is not stuck', async () => {
    openMessage(detail({}, { status: 'queued', itemCount: 1 }));
    expect(await screen.findByRole('button', { name: 'Replay' })).toBeDisabled();
  });
});
