import type { Core } from '@strapi/strapi';
import { checkReceiptOrder, publicState, rowsOfWorld } from '../helpers/receipt-order';
import { startSite, type TestSite } from '../helpers/site';

// The receipt-order property of ordering.test.ts on a site whose synced types have two locales:
// Stager's text in English, the site's default locale, and a Dutch locale with no translations.
let site: TestSite;

const SOURCE = 'en';
const OTHER = 'nl';
const LOCALES = [SOURCE, OTHER];

beforeAll(async () => {
  site = await startSite({ STAGER_WORKER: 'false', STAGER_I18N_ENABLED: 'true' });
  const locales = site.strapi.plugin('i18n').service('locales') as unknown as {
    create(locale: { code: string; name: string }): Promise<unknown>;
  };
  await locales.create({ code: OTHER, name: 'Dutch (nl)' });
});

afterAll(async () => {
  await site?.stop();
});

/** Each entry of the world has exactly one row per locale, linked to the same locale's rows. */
async function expectOneRowPerLocale(strapi: Core.Strapi, world: string) {
  for (const type of ['event', 'location', 'organization'] as const) {
    const rows = await rowsOfWorld(strapi, world, type);
    const entries = [...new Set(rows.map((row) => row.stagerId))];
    expect(rows.map(({ stagerId, locale }) => [stagerId, locale])).toEqual(
      entries.flatMap((stagerId) => LOCALES.map((locale) => [stagerId, locale]))
    );
    for (const row of rows)
      if ('locationLocale' in row) expect(row.locationLocale).toBe(row.locale);
  }
}

it('reaches the same state in both locales, in receipt order and shuffled with concurrency', async () => {
  await checkReceiptOrder(
    site.strapi,
    async (inOrder, shuffled) => {
      const expected = await publicState(site.strapi, inOrder, SOURCE);
      // Without a translator, the words follow Stager in every locale, as the shared fields do.
      for (const world of [inOrder, shuffled])
        for (const locale of LOCALES)
          expect(await publicState(site.strapi, world, locale)).toEqual(expected);
      await expectOneRowPerLocale(site.strapi, inOrder);
      await expectOneRowPerLocale(site.strapi, shuffled);
    },
    15
  );
}, 240_000);
