import { runOrExit } from './run.mjs';

/** Builds the plugin and compiles the playground, which Strapi loads as JavaScript. */
export async function buildPluginAndPlayground() {
  await runOrExit('npx', ['strapi-plugin', 'build', '--silent']);
  await runOrExit('npx', ['tsc', '-p', 'playground/tsconfig.json']);
}
