// The demo's sample images: the playground serves a copy of each sample image under
// /demo-images/ (playground/public/demo-images/), and the demo lets its media importer fetch from
// its own address, so that `npm run simulate` ends with files in the Media Library.

export const DEMO_IMAGES_PATH = '/demo-images';

/** A file every copy of the demo images has, asked for to tell the demo from another site. */
const PROBE_FILE = 'logo.png';

/**
 * The media settings the demo runs with: downloads on, and the demo's own address `127.0.0.1`
 * listed in `media.allowedHosts` (an IP address listed there may be private). The demo's
 * importer then fetches from that address and the hosts the environment already lists, and
 * nowhere else; `media.allowPrivateAddresses` stays off, and the default guard of every other
 * site is unchanged.
 */
export function demoMediaEnv(env = process.env) {
  const allowed = (env.STAGER_MEDIA_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  return {
    STAGER_MEDIA_ENABLED: 'true',
    STAGER_MEDIA_ALLOWED_HOSTS: [...new Set([...allowed, '127.0.0.1'])].join(','),
  };
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where the site behind `webhookUrl` serves the demo images, as the site itself reaches them
 * (`http://127.0.0.1:<port>/demo-images`), or null when it is not a site on this machine that
 * serves them. Asks the site for one image, for at most two seconds.
 */
export async function demoImagesOf(webhookUrl) {
  const url = new URL(webhookUrl);
  if (url.protocol !== 'http:' || !LOOPBACK_NAMES.has(url.hostname)) return null;
  const base = `http://127.0.0.1:${url.port || 80}${DEMO_IMAGES_PATH}`;
  try {
    const answer = await fetch(`${base}/${PROBE_FILE}`, { signal: AbortSignal.timeout(2000) });
    await answer.arrayBuffer();
    return answer.ok && answer.headers.get('content-type')?.startsWith('image/') ? base : null;
  } catch {
    return null;
  }
}
