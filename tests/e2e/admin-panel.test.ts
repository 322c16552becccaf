import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_TEST_PASSWORD, adminSession } from '../helpers/admin';
import { CHROMIUM, launchBrowser, type Browser } from '../helpers/browser';
import { ACTIONS } from '../../shared/constants';
import { eventually, postSigned, request } from '../helpers/http';
import { rowWithStatus } from '../helpers/inbox';
import { startSite, type TestSite } from '../helpers/site';
import { buildUpdateEvents, exampleEvent, sampleMessages } from '../../scripts/samples.mjs';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');
const ADMIN = {
  firstname: 'Ada',
  lastname: 'Editor',
  email: 'ada@example.org',
  password: 'Stager-e2e-password-1',
};
const TOKEN = 'e2e-token-from-stager-0123456789';

let site: TestSite;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (
    !existsSync(path.resolve(__dirname, '..', '..', 'playground', 'dist', 'build', 'index.html'))
  ) {
    throw new Error(
      'the playground admin is not built: run `npm test`, which builds it (strapi build)'
    );
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (npm test does)`);
  site = await startSite({ STAGER_AUTH_TOKEN: '' }, { serveAdminPanel: true });
  // First run of an empty site: the first administrator registers, as on a new install.
  const registered = await request(`${site.baseUrl}/admin/register-admin`, {
    body: JSON.stringify(ADMIN),
    headers: { 'content-type': 'application/json' },
  });
  if (registered.status !== 200)
    throw new Error(`register-admin answered ${registered.status}: ${registered.text}`);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS || 30_000));
  // Playwright dismisses dialogs by default, and a dismissed "leave this page?" (the edit view's
  // `beforeunload` once its form counts as changed) cancels the next `page.goto`: leave, as a user would.
  page.on('dialog', (dialog) => {
    console.warn(
      `the page asked (${dialog.type()}): ${dialog.message() || '(no message)'}; accepted`
    );
    void dialog.accept();
  });
}, 120_000);

afterEach(async () => {
  if (process.env.E2E_DEBUG)
    await page?.screenshot({
      path: `/tmp/e2e-${expect.getState().currentTestName?.slice(0, 20)}.png`,
    });
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const admin = (route: string) => `${site.baseUrl}/admin${route}`;

async function logIn(email: string, password: string) {
  await page.goto(admin('/auth/login'));
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
}

it('logs in', async () => {
  await logIn(ADMIN.email, ADMIN.password);
  await expectVisible(page.getByRole('link', { name: 'Stager sync' }));
  expect(new URL(page.url()).pathname).not.toContain('/auth/');
}, 60_000);

it('sets the token and an allowlist in Settings → Stager', async () => {
  await page.goto(admin('/settings/stager'));
  await expectVisible(page.getByRole('heading', { name: 'Stager', exact: true }));
  await expectVisible(page.getByText('No token is set: the webhook answers 503 until one is.'));
  expect(await page.getByLabel('Webhook URL').inputValue()).toBe(
    `${site.baseUrl}/api/stager/webhook`
  );

  await page.getByLabel('New token').fill(TOKEN);
  await page.getByRole('button', { name: 'Set token' }).click();
  await expectVisible(page.getByText('Stored encrypted; it is never shown again.'));
  expect(await page.content()).not.toContain(TOKEN);

  await page.getByRole('button', { name: 'Add an address' }).click();
  await page.getByLabel('Address or range 1').fill('300.1.1.1');
  await expectVisible(
    page.getByText('"300.1.1.1" is not an IPv4 or IPv6 address', { exact: false })
  );
  await page.getByLabel('Address or range 1').fill('127.0.0.0/8');
  await page.getByRole('button', { name: 'Add an address' }).click();
  await page.getByLabel('Address or range 2').fill('2001:db8::/32');
  await expectGone(page.getByText('is not an IPv4 or IPv6 address', { exact: false }));
  await page.getByRole('button', { name: 'Save allowlist' }).click();
  await expectVisible(page.getByText('Allowlist saved'));
}, 60_000);

let testMessageId: number;

it('sends a test message and sees the answer and its history row', async () => {
  await page.getByRole('button', { name: 'Send a test message' }).click();
  const result = page.getByTestId('test-message-result');
  await expectVisible(result.getByText('The webhook answered 202'));
  const rowText = await result.getByText(/History row #\d+/).textContent();
  testMessageId = Number(/#(\d+)/.exec(rowText ?? '')?.[1]);
  expect(testMessageId).toBeGreaterThan(0);
  await eventually(
    () => rowWithStatus(site.strapi, testMessageId, ['processed']),
    15_000,
    'the test message'
  );
  await screenshot('settings.png');
}, 60_000);

it('finds the message in the history, opens it, and replays it', async () => {
  await page.getByRole('link', { name: 'Open in the sync history' }).click();
  await expectVisible(page.getByRole('heading', { name: `UPDATE_ORGANIZATION #${testMessageId}` }));
  await expectVisible(page.getByText('processed', { exact: true }).first());
  await expectVisible(page.getByRole('link', { name: /organization: Test organisation/ }));

  await page.getByRole('button', { name: 'Show payload' }).click();
  await expectVisible(
    page.getByTestId('payload').getByText('"messageType": "UPDATE_ORGANIZATION"', { exact: false })
  );

  await page.getByRole('button', { name: 'Replay' }).click();
  await expectVisible(page.getByText('Message queued again'));
  await eventually(
    async () => (await rowWithStatus(site.strapi, testMessageId, ['processed']))?.replays === 1,
    15_000,
    'the replay to be applied'
  );

  await page.goto(admin('/plugins/stager'));
  await expectVisible(page.getByTestId(`history-row-${testMessageId}`));
}, 60_000);

it('shows a failed message and its error', async () => {
  const failing = await postSigned(
    site.webhookUrl,
    {
      messageType: 'DELETE_EVENTS',
      messageContent: { organizationId: 'org-4512', eventIds: 'not a list' },
    },
    TOKEN
  );
  expect(failing.status).toBe(202);
  const failedId = failing.json.data.id as number;
  await eventually(() => rowWithStatus(site.strapi, failedId, ['failed']), 15_000, 'the failure');
  const sync = await postSigned(site.webhookUrl, sampleMessages().ORGANIZATION_SYNC, TOKEN);
  await eventually(
    () => rowWithStatus(site.strapi, sync.json.data.id, ['processed']),
    30_000,
    'the nightly sync'
  );

  await page.goto(admin('/plugins/stager'));
  await expectVisible(page.getByTestId('health').getByText('Reachable'));
  const row = page.getByTestId(`history-row-${failedId}`);
  await expectVisible(row.getByText('failed', { exact: true }));
  await expectVisible(page.getByTestId('health').getByText('Paradiso Noord'));
  await screenshot('history.png');

  await row.click();
  await expectVisible(page.getByRole('heading', { name: `DELETE_EVENTS #${failedId}` }));
  expect(await page.getByTestId('message-error').textContent()).toMatch(/eventIds/);
}, 60_000);

it('shows an editor a synced event laid out for editors, and who writes each field', async () => {
  await page.goto(admin('/content-manager/collection-types/plugin::stager.event'));
  await skipGuidedTour();
  const header = page.getByRole('row').first();
  for (const column of ['Name', 'Starts', 'Location', 'Stager status', 'Featured', 'Hidden'])
    await expectVisible(header.getByText(column, { exact: true }));
  await expectVisible(page.getByRole('gridcell', { name: 'CONFIRMED' }).first());
  await screenshot('content-manager-list.png');

  await page.getByRole('gridcell', { name: 'CONFIRMED' }).first().click();
  const status = page.getByLabel('Stager status');
  await expectVisible(status);
  expect(await status.inputValue()).toBe('CONFIRMED');
  expect(await status.isDisabled()).toBe(true);
  await expectVisible(page.getByText('From Stager: every message overwrites it.').first());
  await screenshot('content-manager-edit.png');

  // What Stager owns is locked: the relations, and the inputs inside its components.
  expect(await page.getByRole('combobox', { name: 'Location' }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: /tt-\d/ }).first().click();
  const price = page.locator('input[name="ticketTypes.0.price"]');
  await expectVisible(price);
  expect(await price.isDisabled()).toBe(true);
  expect(await page.getByRole('button', { name: 'Add an entry' }).first().isDisabled()).toBe(true);
  await screenshot('content-manager-locked.png');

  await page.goto(admin('/settings/stager'));
  const table = page.getByTestId('field-authority');
  await expectVisible(table.getByRole('heading', { name: 'What the sync owns' }));
  await screenshot('field-authority.png', table);
}, 60_000);

/** Sends a signed message to the site's webhook and waits until it is applied; its inbox id. */
async function sent(message: unknown): Promise<number> {
  const answer = await postSigned(site.webhookUrl, message, TOKEN);
  expect(answer.status).toBe(202);
  await eventually(
    () => rowWithStatus(site.strapi, answer.json.data.id, ['processed']),
    15_000,
    'the message'
  );
  return answer.json.data.id as number;
}

it('shows the Stager panel of a changed event: its last changes, field by field, and the Last synced column', async () => {
  const event = exampleEvent({ id: 'ev-panel' });
  await sent(buildUpdateEvents({ events: [event] }));
  const changed = await sent(
    buildUpdateEvents({
      events: [
        {
          ...event,
          name: 'Nachtcollege: extra voorstelling',
          doorsOpen: '2026-12-31T19:30:00+01:00',
        },
      ],
    })
  );
  const { documentId } = (await site.strapi.db
    .query('plugin::stager.event' as never)
    .findOne({ where: { stagerId: 'ev-panel' }, select: ['documentId'] })) as {
    documentId: string;
  };

  await page.goto(admin('/content-manager/collection-types/plugin::stager.event'));
  await expectVisible(page.getByRole('row').first().getByText('Last synced', { exact: true }));

  await page.goto(admin(`/content-manager/collection-types/plugin::stager.event/${documentId}`));
  const changes = page.getByTestId('stager-changes');
  await expectVisible(changes);
  await expectVisible(
    changes.getByText('Nachtcollege: Sterren & Straten → Nachtcollege: extra voorstelling')
  );
  await expectVisible(page.getByRole('link', { name: `message #${changed}` }));
  await screenshot('content-manager-panel.png', page.getByTestId('stager-panel'));
}, 60_000);

it('hides what a role may not do: a history reader sees no replay and no settings', async () => {
  const reader = await adminSession(site.strapi, site.baseUrl, [ACTIONS.readHistory]);
  await browser.context.clearCookies();
  await page.evaluate('localStorage.clear(); sessionStorage.clear()');
  await logIn(reader.email, ADMIN_TEST_PASSWORD);

  await page.goto(admin('/plugins/stager'));
  await expectVisible(page.getByRole('heading', { name: 'Stager sync history' }));
  expect(await page.getByRole('button', { name: 'Replay failed messages' }).count()).toBe(0);

  await page.goto(admin('/settings'));
  await expectVisible(page.getByRole('link', { name: 'Overview' }));
  expect(await page.getByRole('link', { name: 'Stager', exact: true }).count()).toBe(0);
}, 60_000);

/**
 * A multilingual site, on a site of its own booted after the tests above: Stager writes Dutch, the
 * site's default locale, and a translator works in English. On the site above, locales would
 * change what those tests read (a message touches each entry once per locale).
 */
describe('a multilingual site', () => {
  const SOURCE_LOCALE = 'nl';
  const TRANSLATED_LOCALE = 'en';

  beforeAll(async () => {
    // The helpers above work on `site`: from here on it is the multilingual one.
    await site.stop();
    site = await startSite(
      {
        STAGER_AUTH_TOKEN: TOKEN,
        STAGER_I18N_ENABLED: 'true',
        STAGER_I18N_SOURCE_LOCALE: SOURCE_LOCALE,
      },
      { serveAdminPanel: true }
    );
    const registered = await request(`${site.baseUrl}/admin/register-admin`, {
      body: JSON.stringify(ADMIN),
      headers: { 'content-type': 'application/json' },
    });
    if (registered.status !== 200)
      throw new Error(`register-admin answered ${registered.status}: ${registered.text}`);
    await makeDefaultLocale(SOURCE_LOCALE);
    await browser.context.clearCookies();
    await page.evaluate('localStorage.clear(); sessionStorage.clear()');
    await logIn(ADMIN.email, ADMIN.password);
  }, 120_000);

  /** The plugin created Stager's locale at start; an administrator makes it the site's default. */
  async function makeDefaultLocale(code: string) {
    const administrator = await adminSession(site.strapi, site.baseUrl, 'super-admin');
    const locales = await administrator.call('GET', '/i18n/locales');
    const locale = (locales.json as Array<{ id: number; code: string; name: string }>).find(
      (each) => each.code === code
    );
    if (!locale) throw new Error(`the site has no locale "${code}": ${locales.text}`);
    const updated = await administrator.call('PUT', `/i18n/locales/${locale.id}`, {
      name: locale.name,
      isDefault: true,
    });
    if (updated.status !== 200)
      throw new Error(`making "${code}" the default locale answered ${updated.status}`);
  }

  /** The event's row in `locale`, as the database holds it. */
  const rowIn = (documentId: string, locale: string) =>
    site.strapi.db.query('plugin::stager.event' as never).findOne({
      where: { documentId, locale },
      select: ['name', 'subtitle'],
    }) as Promise<{ name: string; subtitle: string } | null>;

  it('shows a translator, in the second locale, what was translated and what Stager changed since', async () => {
    const event = exampleEvent({ id: 'ev-translated' });
    await sent(buildUpdateEvents({ events: [event] }));
    const { documentId } = (await site.strapi.db.query('plugin::stager.event' as never).findOne({
      where: { stagerId: 'ev-translated', locale: SOURCE_LOCALE },
      select: ['documentId'],
    })) as { documentId: string };
    const inTranslatedLocale = admin(
      `/content-manager/collection-types/plugin::stager.event/${documentId}?plugins[i18n][locale]=${TRANSLATED_LOCALE}`
    );
    const translation = page.getByTestId('stager-translation');
    const name = page.locator('input[name="name"]');

    await page.goto(inTranslatedLocale);
    await skipGuidedTour();
    await expectVisible(
      translation.getByText(`Not translated yet: these words follow Stager (${SOURCE_LOCALE}).`)
    );
    expect(await name.inputValue()).toBe(event.name);

    // The translator types the words and saves: Stager's words are editable outside its locale.
    await name.fill('Night college: Stars & Streets');
    await page.locator('input[name="subtitle"]').fill('An evening about the city at night');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(
      async () =>
        (await rowIn(documentId, TRANSLATED_LOCALE))?.name === 'Night college: Stars & Streets',
      15_000,
      'the translation saved'
    );
    expect((await rowIn(documentId, SOURCE_LOCALE))?.name).toBe(event.name);
    await sent(
      buildUpdateEvents({ events: [{ ...event, name: 'Nachtcollege: Sterren & Straten (extra)' }] })
    );

    await page.goto(inTranslatedLocale);
    await expectVisible(
      translation.getByText(`Stager changed the ${SOURCE_LOCALE} text since this translation: name`)
    );
    await expectVisible(
      translation.getByText('Translated here, kept through every sync: name, subtitle')
    );
    expect(await name.inputValue()).toBe('Night college: Stars & Streets');
    await screenshotOfTop('content-manager-translation.png', 1100);

    // Stager's own locale shows Stager's new text, and no translation state.
    await page.goto(
      admin(
        `/content-manager/collection-types/plugin::stager.event/${documentId}?plugins[i18n][locale]=${SOURCE_LOCALE}`
      )
    );
    await expectVisible(page.getByTestId('stager-authority'));
    expect(await name.inputValue()).toBe('Nachtcollege: Sterren & Straten (extra)');
    expect(await translation.count()).toBe(0);
  }, 90_000);
});

/**
 * Saves the whole page, or only `part` of it, to docs/: Strapi scrolls inside its layout, so the
 * window is made as tall as the content first.
 */
async function screenshot(file: string, part?: ReturnType<Page['locator']>) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  // Evaluated in the page; the tests' TypeScript has no DOM types.
  const height = Number(
    await page.evaluate(
      'Math.max(...Array.from(document.querySelectorAll("main, main *"), (element) => element.scrollHeight))'
    )
  );
  await page.setViewportSize({ width: 1440, height: Math.min(Math.max(height + 120, 1000), 4000) });
  await page.waitForTimeout(300);
  const clip = part ? await part.boundingBox() : null;
  await page.screenshot({ path: path.join(DOCS, file), ...(clip ? { clip } : {}) });
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** Saves the top `height` pixels of the page to docs/: the header, the first fields, the side panel. */
async function screenshotOfTop(file: string, height: number) {
  await page.mouse.move(0, 0);
  await page.setViewportSize({ width: 1440, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(DOCS, file) });
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/**
 * Strapi's guided tour opens over the Content Manager once the site has a type of its own (the
 * playground's articles), and takes the clicks: it is skipped as a user would.
 */
async function skipGuidedTour() {
  const skip = page.getByRole('button', { name: 'Skip' });
  const shown = await skip
    .waitFor({ state: 'visible', timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (shown) await skip.click();
}

async function expectVisible(locator: ReturnType<Page['locator']>) {
  await locator.waitFor({ state: 'visible' });
}

async function expectGone(locator: ReturnType<Page['locator']>) {
  await locator.waitFor({ state: 'hidden' });
}
