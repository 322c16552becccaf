import { render, screen, server } from '@strapi/strapi/admin/test';
import { http, HttpResponse } from 'msw';
import { StagerPanel } from '../../admin/src/content-manager/StagerPanel';
import { addLastSyncedColumn } from '../../admin/src/content-manager/LastSyncedColumn';
import { ACTIONS, PLUGIN_ID, type GetEntrySync } from '../../shared';
import { grant } from './permissions';
import { failUnansweredRequestsUnder } from './msw';

// The Content Manager's Stager panel against its admin API, answered by msw.
const API = `${window.strapi?.backendURL}/${PLUGIN_ID}`;
const DOCUMENT_ID = 'doc-1';

const status = (
  overrides: Partial<GetEntrySync.Response['data']> = {}
): GetEntrySync.Response['data'] => ({
  entryType: 'event',
  stagerId: 'ev-1',
  lastSyncedAt: '2026-12-04T10:00:00.000Z',
  lastMessageId: 42,
  authority: { name: 'stager', subtitle: 'once', genre: 'editor', start: 'stager' },
  offSite: null,
  canReplay: false,
  translation: null,
  changes: [
    {
      messageId: 42,
      entryType: 'event',
      stagerId: 'ev-1',
      action: 'changed',
      recordedAt: '2026-12-04T10:00:00.000Z',
      fields: [
        { field: 'name', kind: 'value', old: 'Oude titel', new: 'Nieuwe titel' },
        { field: 'ticketTypes', kind: 'changed' },
      ],
    },
    {
      messageId: 7,
      entryType: 'event',
      stagerId: 'ev-1',
      action: 'created',
      recordedAt: '2026-12-01T10:00:00.000Z',
      fields: [{ field: 'name', kind: 'value', old: null, new: 'Oude titel' }],
    },
  ],
  ...overrides,
});

/** Answers the panel's route with `data`; returns the paths it was asked, with their queries. */
function serveStatus(data: GetEntrySync.Response['data']): string[] {
  const asked: string[] = [];
  server.use(
    http.get(`${API}/entries/:entryType/:documentId/sync`, ({ request }) => {
      const url = new URL(request.url);
      asked.push(`${url.pathname}${url.search}`);
      return HttpResponse.json({ data });
    })
  );
  return asked;
}

const context = (overrides: object = {}) => ({
  activeTab: null,
  collectionType: 'collection-types',
  model: 'plugin::stager.event',
  documentId: DOCUMENT_ID,
  document: { documentId: DOCUMENT_ID, stagerId: 'ev-1' },
  ...overrides,
});

function renderPanel(permissions: string[], overrides: object = {}) {
  const panel = StagerPanel(context(overrides));
  if (!panel) throw new Error('no panel');
  return render(<>{panel.content}</>, {
    providerOptions: { permissions: grant(...permissions) },
  });
}

failUnansweredRequestsUnder(`/${PLUGIN_ID}/`);

describe('the Stager side panel', () => {
  it('is only for entries Stager wrote, of the synced types', () => {
    expect(StagerPanel(context())).toMatchObject({ title: 'Stager' });
    expect(StagerPanel(context({ model: 'api::page.page' }))).toBeNull();
    expect(StagerPanel(context({ document: { documentId: DOCUMENT_ID } }))).toBeNull();
    expect(StagerPanel(context({ documentId: undefined, document: undefined }))).toBeNull();
  });

  it('shows the last sync, who writes each field and the last changes, linking to their messages', async () => {
    const asked = serveStatus(status());
    renderPanel([ACTIONS.readHistory]);

    expect(await screen.findByText(/^Last synced:/)).toBeInTheDocument();
    expect(asked).toEqual([`/${PLUGIN_ID}/entries/event/${DOCUMENT_ID}/sync`]);
    const authority = screen.getByTestId('stager-authority');
    expect(authority).toHaveTextContent('Stager writes: name, start');
    expect(authority).toHaveTextContent('Stager writes once, then editors: subtitle');
    expect(authority).toHaveTextContent('Editors write: genre');

    const changes = screen.getByTestId('stager-changes');
    expect(changes).toHaveTextContent('name: Oude titel → Nieuwe titel');
    expect(changes).toHaveTextContent('ticketTypes: changed');
    expect(changes).toHaveTextContent('name: – → Oude titel');
    const links = screen.getAllByRole('link', { name: /^message #/ });
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      `/plugins/${PLUGIN_ID}/messages/42`,
      `/plugins/${PLUGIN_ID}/messages/7`,
    ]);
    expect(screen.queryByText(/Not on the site/)).not.toBeInTheDocument();
  });

  it('says why an entry is not on the site', async () => {
    serveStatus(status({ offSite: { reason: 'removed', messageId: 50, removedAt: null } }));
    const { unmount } = renderPanel([ACTIONS.readHistory]);
    expect(await screen.findByText('Not on the site: removed by Stager')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'message #50' })).toHaveAttribute(
      'href',
      `/plugins/${PLUGIN_ID}/messages/50`
    );
    unmount();

    serveStatus(status({ offSite: { reason: 'review' }, changes: [] }));
    renderPanel([ACTIONS.readHistory]);
    expect(await screen.findByText('Not on the site: waiting for review')).toBeInTheDocument();
    expect(screen.getByText('None recorded.')).toBeInTheDocument();
  });

  it('asks nothing of a role that may not read the sync history', async () => {
    const asked = serveStatus(status());
    renderPanel([]);
    expect(
      await screen.findByText('Reading the Stager sync history is not allowed for your role.')
    ).toBeInTheDocument();
    expect(asked).toEqual([]);
  });

  it('shows the API\u2019s reason when it refuses', async () => {
    server.use(
      http.get(`${API}/entries/:entryType/:documentId/sync`, () =>
        HttpResponse.json(
          {
            error: {
              status: 403,
              name: 'ForbiddenError',
              message: 'you may not read event entries',
            },
          },
          { status: 403 }
        )
      )
    );
    renderPanel([ACTIONS.readHistory]);
    expect(await screen.findByText('you may not read event entries')).toBeInTheDocument();
  });
});

describe('the Stager side panel in a translated locale', () => {
  const inEnglish = { document: { documentId: DOCUMENT_ID, stagerId: 'ev-1', locale: 'en' } };
  const translation = (
    overrides: Partial<NonNullable<GetEntrySync.Response['data']['translation']>> = {}
  ) => ({
    locale: 'en',
    sourceLocale: 'nl',
    translatedAt: {},
    sourceChanged: [],
    ...overrides,
  });

  it('asks for the locale shown, and says the words still follow Stager until translated', async () => {
    const asked = serveStatus(status({ translation: translation() }));
    renderPanel([ACTIONS.readHistory], inEnglish);

    expect(
      await screen.findByText('Not translated yet: these words follow Stager (nl).')
    ).toBeInTheDocument();
    expect(asked).toEqual([`/${PLUGIN_ID}/entries/event/${DOCUMENT_ID}/sync?locale=en`]);
    expect(screen.queryByText(/Stager changed the/)).not.toBeInTheDocument();
  });

  it('names the translated words, kept through every sync', async () => {
    serveStatus(
      status({
        translation: translation({
          translatedAt: {
            name: '2026-12-04T11:00:00.000Z',
            subtitle: '2026-12-04T11:00:00.000Z',
          },
        }),
      })
    );
    renderPanel([ACTIONS.readHistory], inEnglish);

    const section = await screen.findByTestId('stager-translation');
    expect(section).toHaveTextContent('Translated here, kept through every sync: name, subtitle');
    expect(section).not.toHaveTextContent('Stager changed the');
    expect(section).not.toHaveTextContent('Not translated yet');
  });

  it('signs the translated words Stager changed in the source locale since', async () => {
    serveStatus(
      status({
        translation: translation({
          translatedAt: {
            name: '2026-12-04T11:00:00.000Z',
            subtitle: '2026-12-04T11:00:00.000Z',
            text: '2026-12-04T11:00:00.000Z',
          },
          sourceChanged: ['name', 'text'],
        }),
      })
    );
    renderPanel([ACTIONS.readHistory], inEnglish);

    expect(
      await screen.findByText('Stager changed the nl text since this translation: name, text')
    ).toBeInTheDocument();
    expect(screen.getByTestId('stager-translation')).toHaveTextContent(
      'Translated here, kept through every sync: name, subtitle, text'
    );
  });

  it('has no translation section in Stager’s own locale, nor without locales', async () => {
    const asked = serveStatus(status());
    renderPanel([ACTIONS.readHistory], {
      document: { documentId: DOCUMENT_ID, stagerId: 'ev-1', locale: 'nl' },
    });
    expect(await screen.findByText(/^Last synced:/)).toBeInTheDocument();
    expect(asked).toEqual([`/${PLUGIN_ID}/entries/event/${DOCUMENT_ID}/sync?locale=nl`]);
    expect(screen.queryByTestId('stager-translation')).not.toBeInTheDocument();
  });
});

describe('the "Last synced" list column', () => {
  it('is added to the synced types only', () => {
    const synced = addLastSyncedColumn({
      displayedHeaders: [],
      layout: { options: { stager: { synced: 'event' } } },
    });
    expect(synced.displayedHeaders).toMatchObject([
      { name: 'stagerLastSynced', label: { defaultMessage: 'Last synced' }, sortable: false },
    ]);
    const other = addLastSyncedColumn({ displayedHeaders: ['x'], layout: { options: {} } });
    expect(other.displayedHeaders).toEqual(['x']);
  });
});
