import { runOrExit } from './run.mjs';

/** Builds the plugin and compiles the playground, which Strapi loads as JavaScript. */
export async function buildPluginAndPlayground() {
  await runOrExit('npx', ['strapi-plugin', 'build', '--silent']);
  await runOrExit('npx', ['tsc', '-p', 'playground/tsconfig.json']);
}

/** Builds the playground's admin panel (`strapi build`, about a minute), which the browser tests load. */
export async function buildPlaygroundAdmin() {
  await runOrExit('npx', ['strapi', 'build', '--silent'], { cwd: 'playground' });
}
