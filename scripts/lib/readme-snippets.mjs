const PLUGINS_CONFIG_MARKER = '<!-- install:plugins-config -->';
const STORE_CLEANUP = /```sql\n *(DELETE FROM strapi_core_store_settings WHERE [^\n;]+);?\n *```/;

/**
 * The statement that removes the plugin store's rows, as docs/operators.md gives it under
 * Uninstalling (no code of the plugin is left to remove them): the install test runs it.
 */
export function storeCleanupStatement(operatorsPage) {
  const statement = operatorsPage.match(STORE_CLEANUP)?.[1];
  if (!statement)
    throw new Error(
      'docs/operators.md has no ```sql block with DELETE FROM strapi_core_store_settings'
    );
  return statement;
}

/**
 * The `stager: { … }` entry of the `config/plugins.ts` example that follows the marker in the
 * README: the lines the install test adds to a fresh site, so the README cannot promise less.
 */
export function pluginsConfigEntry(readme) {
  const lines = pluginsConfigLines(readme);
  const first = lines.findIndex((line) => /^\s*stager: \{$/.test(line));
  if (first < 0)
    throw new Error(
      `the config/plugins.ts example after ${PLUGINS_CONFIG_MARKER} has no "stager: {" line`
    );
  const indent = lines[first].match(/^\s*/)[0];
  const last = lines.findIndex((line, index) => index > first && line === `${indent}},`);
  if (last < 0)
    throw new Error(
      `the stager entry after ${PLUGINS_CONFIG_MARKER} does not end with "${indent}},"`
    );
  return lines.slice(first, last + 1).join('\n');
}

/** The whole `config/plugins.ts` example after the marker, as a site's file (ending in a newline). */
export function pluginsConfigFile(readme) {
  return `${pluginsConfigLines(readme).join('\n')}\n`;
}

/**
 * Every TypeScript example of the documentation that a reader may paste as a whole file, as that
 * file: the README's `config/plugins.ts`, then each example of each page (`{ path, text }`, the
 * README among them) that follows a marker `<!-- whole-file: <path in the site> -->`.
 */
export function wholeFileExamples(readme, pages) {
  const examples = [
    { page: 'README.md', path: 'config/plugins.ts', text: pluginsConfigFile(readme) },
  ];
  for (const page of pages)
    for (const [, filePath, indent, body] of page.text.matchAll(
      /<!-- whole-file: (\S+) -->\n( *)```ts\n([\s\S]*?)\n *```/g
    ))
      examples.push({ page: page.path, path: filePath, text: `${unindent(body, indent)}\n` });
  return examples;
}

function pluginsConfigLines(readme) {
  const afterMarker = readme.split(PLUGINS_CONFIG_MARKER)[1];
  const block = afterMarker?.match(/\n( *)```ts\n([\s\S]*?)\n *```/);
  if (!block) throw new Error(`README.md has no \`\`\`ts block after ${PLUGINS_CONFIG_MARKER}`);
  // The block is indented as part of a list item: the site's file gets it without that indent.
  const [, listIndent, body] = block;
  return unindent(body, listIndent).split('\n');
}

const unindent = (body, indent) =>
  body
    .split('\n')
    .map((line) => line.slice(indent.length))
    .join('\n');
