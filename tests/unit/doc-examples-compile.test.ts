import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { wholeFileExamples } from '../../scripts/lib/readme-snippets.mjs';

const repo = path.join(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');

// The compile `strapi build` runs in a fresh TypeScript site (strict), against the Strapi types
// installed here; `npm run test:install` builds the README's config/plugins.ts in a real
// create-strapi-app site.
const pages = [
  'README.md',
  ...readdirSync(path.join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
].map((file) => ({ path: file, text: read(file) }));
const examples = wholeFileExamples(read('README.md'), pages);

it('the documentation has its whole-file TypeScript examples marked', () => {
  expect(examples.map((example) => `${example.page}: ${example.path}`)).toEqual([
    'README.md: config/plugins.ts',
    'docs/configuration.md: src/extensions/stager/strapi-server.ts',
  ]);
});

it.each(examples)(
  'the $page $path example compiles as a whole file under strict TypeScript',
  (example) => {
    // Inside the repository, so that `@strapi/strapi` resolves to the installed package.
    const dir = mkdtempSync(path.join(repo, '.tmp-readme-'));
    try {
      const file = path.join(dir, path.basename(example.path));
      writeFileSync(file, example.text);
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        types: [],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
);
