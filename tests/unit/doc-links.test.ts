import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { anchorsOf, brokenLinks, headingSlug } from '../../scripts/lib/doc-links.mjs';

const repo = path.join(__dirname, '../..');
const exists = (file: string) => existsSync(path.join(repo, file));
const pages = [
  'README.md',
  ...readdirSync(path.join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].map((file) => ({ path: file, text: readFileSync(path.join(repo, file), 'utf8') }));

describe('links between README.md and docs/', () => {
  it('the README links to a page of docs/ for each reader', () => {
    const readme = pages[0].text;
    for (const page of pages.slice(1)) expect(readme).toContain(`](${page.path})`);
  });

  it('every relative link names a file that exists, and every #anchor a heading of its page', () => {
    expect(brokenLinks(pages, exists)).toEqual([]);
  });

  it('reports a link to a missing file, a missing heading and a missing anchor in the same page', () => {
    const broken = [
      {
        path: 'README.md',
        text: '# Title\n\nSee [ops](docs/nowhere.md), [redis](docs/ops.md#redis-cluster) and [me](#no-such).\n',
      },
      {
        path: 'docs/ops.md',
        text: '# Operators\n\n## Redis\n\nBack to [the top](../README.md#title).\n',
      },
    ];
    expect(brokenLinks(broken, () => false)).toEqual([
      'README.md: docs/nowhere.md: no file docs/nowhere.md',
      'README.md: docs/ops.md#redis-cluster: docs/ops.md has no heading or anchor "redis-cluster"',
      'README.md: #no-such: README.md has no heading or anchor "no-such"',
    ]);
  });

  it('ignores links in code, and web addresses', () => {
    const page = {
      path: 'README.md',
      text: '# T\n\n```md\n[x](missing.md)\n```\n\n`[y](missing.md)` and [site](https://example.org/x.md).\n',
    };
    expect(brokenLinks([page], () => false)).toEqual([]);
  });
});

describe('heading anchors as GitHub makes them', () => {
  it.each([
    ['Installing into your Strapi site', 'installing-into-your-strapi-site'],
    ['What happens when…', 'what-happens-when'],
    [
      'Strapi webhooks: a failed message, a finished sync, a stale one',
      'strapi-webhooks-a-failed-message-a-finished-sync-a-stale-one',
    ],
    [
      'Stager event (`plugin::stager.event`, `/api/stager/events`)',
      'stager-event-pluginstagerevent-apistagerevents',
    ],
    ['REST with `fetch` and `qs`', 'rest-with-fetch-and-qs'],
    [
      'Settings from the admin panel and from the config: which wins',
      'settings-from-the-admin-panel-and-from-the-config-which-wins',
    ],
  ])('%s → #%s', (heading, slug) => {
    expect(headingSlug(heading)).toBe(slug);
  });

  it('numbers a repeated heading, and counts explicit anchors, not headings in code', () => {
    const anchors = anchorsOf(
      '# A\n\n## Images\n\n## Images\n\n<a id="component-x"></a>\n\n```sh\n# not a heading\n```\n'
    );
    expect([...anchors].sort()).toEqual(['a', 'component-x', 'images', 'images-1']);
  });
});
