import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { runOrExit } from './run.mjs';

/** Debian's Chromium, which the browser tests drive (playwright-core cannot download one here). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure the browser tests find Chromium: installs Debian's `chromium` when this process may
 * (root, apt-get present), and otherwise exits at once with one line naming what to install.
 */
export async function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  const hasAptGet = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasAptGet) {
    console.error(
      `${CHROMIUM} is missing: install Debian's chromium package (as root: apt-get install chromium) for the browser tests, or run npm test -- tests/unit tests/integration`
    );
    process.exit(1);
  }
  console.log(`${CHROMIUM} is missing: installing Debian's chromium package for the browser tests (apt-get install chromium).`);
  await runOrExit('apt-get', ['update', '-qq']);
  await runOrExit('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
