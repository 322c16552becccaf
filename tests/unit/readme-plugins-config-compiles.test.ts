import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { wholeFileExamples } from '../../scripts/lib/readme-snippets.mjs';

const repo = path.join(__dirname, '../..');

// The compile `strapi build` runs in a fresh TypeScript site (strict), against the Strapi types
// installed here; `npm run test:install` builds the same file in a real create-strapi-app site.
const examples = wholeFileExamples(readFileSync(path.join(repo, 'README.md'), 'utf8'));

it('the README has its whole-file TypeScript examples marked', () => {
  expect(examples.map((example) => example.path)).toEqual([
    'config/plugins.ts',
    'src/extensions/stager/strapi-server.ts',
  ]);
});

it.each(examples)(
  'the README $path example compiles as a whole file under strict TypeScript',
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
