import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which the browser tests drive (playwright-core cannot download one here). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Makes sure the browser tests find Chromium: installs Debian's `chromium` when this process may
 * (root, apt-get present), and otherwise exits at once with one line naming what to install.
 */
export function ensureChromium({
  path = CHROMIUM,
  isRoot = process.getuid?.() === 0,
  hasAptGet = commandExists('apt-get'),
} = {}) {
  if (existsSync(path)) return;
  if (!isRoot || !hasAptGet) {
    console.error(
      `${path} is missing: install Debian's chromium package (as root: apt-get install chromium) for the browser tests, or run npm test -- tests/unit tests/admin tests/integration`
    );
    process.exit(1);
  }
  console.log(
    `${path} is missing: installing Debian's chromium package for the browser tests (apt-get install chromium).`
  );
  quietly('apt-get', ['update', '-qq']);
  quietly('apt-get', ['install', '-y', '-qq', 'chromium']);
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a command; its output is shown only when it fails, and then the tests stop. */
function quietly(command, args) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status === 0) return;
  console.error(
    `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n')
  );
  console.error(
    `${command} ${args.join(' ')} failed (exit code ${result.status}); install Debian's chromium package by hand`
  );
  process.exit(1);
}
