import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { pluginsConfigFile } from '../../scripts/lib/readme-snippets.mjs';

const repo = path.join(__dirname, '../..');

// The compile `strapi build` runs in a fresh TypeScript site (strict), against the Strapi types
// installed here; `npm run test:install` builds the same file in a real create-strapi-app site.
it('the README config/plugins.ts example compiles as a whole file under strict TypeScript', () => {
  // Inside the repository, so that `@strapi/strapi` resolves to the installed package.
  const dir = mkdtempSync(path.join(repo, '.tmp-readme-'));
  try {
    const file = path.join(dir, 'plugins.ts');
    writeFileSync(file, pluginsConfigFile(readFileSync(path.join(repo, 'README.md'), 'utf8')));
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
});
