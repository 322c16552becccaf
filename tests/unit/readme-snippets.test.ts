import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  pluginsConfigEntry,
  pluginsConfigFile,
  storeCleanupStatement,
} from '../../scripts/lib/readme-snippets.mjs';

const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

describe('README config/plugins.ts example', () => {
  it('holds the stager entry the install test adds to a fresh site, without the list indent', () => {
    expect(pluginsConfigEntry(readme)).toBe(
      [
        '  stager: {',
        '    enabled: true,',
        '    config: {',
        "      authToken: env('STAGER_AUTH_TOKEN'),",
        '    },',
        '  },',
      ].join('\n')
    );
  });

  it("is a whole file typed as create-strapi-app types a TypeScript site's config/plugins.ts", () => {
    const file = pluginsConfigFile(readme);
    expect(file.startsWith("import type { Core } from '@strapi/strapi';\n")).toBe(true);
    expect(file).toContain(
      'const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({\n'
    );
    expect(file).toContain(pluginsConfigEntry(readme));
    expect(file.endsWith('export default config;\n')).toBe(true);
  });

  it('says what is missing when the marker or the entry is gone', () => {
    expect(() => pluginsConfigEntry('# no marker')).toThrow(
      /no ```ts block after <!-- install:plugins-config -->/
    );
    expect(() =>
      pluginsConfigEntry('<!-- install:plugins-config -->\n```ts\nexport default {};\n```\n')
    ).toThrow(/has no "stager: \{" line/);
  });
});

describe('docs/operators.md cleanup statement after uninstalling', () => {
  it('is the one the install test runs: the plugin store rows, and nothing else', () => {
    const page = readFileSync(path.join(__dirname, '../../docs/operators.md'), 'utf8');
    expect(storeCleanupStatement(page)).toBe(
      "DELETE FROM strapi_core_store_settings WHERE key LIKE 'plugin_stager_%'"
    );
    expect(() => storeCleanupStatement('## Uninstalling\n')).toThrow(
      /no ```sql block with DELETE FROM strapi_core_store_settings/
    );
  });
});
