import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pluginsConfigEntry } from '../../scripts/lib/readme-snippets.mjs';

const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

describe('README config/plugins.ts example', () => {
  it('holds the stager entry the install test adds to a fresh site, without the list indent', () => {
    expect(pluginsConfigEntry(readme)).toBe(
      ["  stager: {", '    enabled: true,', '    config: {', "      authToken: env('STAGER_AUTH_TOKEN'),", '    },', '  },'].join('\n')
    );
  });

  it('says what is missing when the marker or the entry is gone', () => {
    expect(() => pluginsConfigEntry('# no marker')).toThrow(/no ```ts block after <!-- install:plugins-config -->/);
    expect(() => pluginsConfigEntry('<!-- install:plugins-config -->\n```ts\nexport default {};\n```\n')).toThrow(/has no "stager: \{" line/);
  });
});
