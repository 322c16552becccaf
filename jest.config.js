const swc = (jsx) => [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: jsx },
      target: 'es2022',
      ...(jsx ? { transform: { react: { runtime: 'automatic' } } } : {}),
    },
    module: { type: 'commonjs' },
  },
];

const esm = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const ESM_ONLY = [
  'react-dnd',
  'react-dnd-html5-backend',
  'dnd-core',
  '@react-dnd',
  'fractional-indexing',
  'until-async',
  '@open-draft/deferred-promise',
  'rettime',
];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
      // The simulator's samples (ES modules) are shared with the tests.
      transform: { '^.+\\.(ts|mjs)$': swc(false) },
    },
    {
      // The admin panel's components, rendered in jsdom with Strapi's admin providers; their API
      // is answered by msw at the network level.
      displayName: 'admin',
      testEnvironment: '<rootDir>/tests/admin/environment.js',
      // msw's Node entry points, not its browser ones.
      testEnvironmentOptions: { customExportConditions: [''] },
      roots: ['<rootDir>/tests/admin'],
      testMatch: ['**/*.test.tsx'],
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      transform: { '^.+\\.(ts|tsx)$': swc(true), '^.+\\.m?js$': esm },
      // Packages the admin uses that ship ES modules only: compiled to CommonJS for Jest.
      transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
      setupFiles: ['<rootDir>/tests/admin/setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/admin/after-env.ts'],
      moduleNameMapper: {
        '^@strapi/admin-test-utils$': '<rootDir>/tests/admin/strapi-admin-test-utils.js',
        '\\.css(\\?raw)?$': '<rootDir>/tests/admin/style-stub.js',
      },
    },
  ],
};
