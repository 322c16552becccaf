import {
  embeddedIpv4,
  isAllowedHost,
  isPublicAddress,
  isReachableAddress,
} from '../../server/src/media/address-policy';
import { imageFileName, slugify } from '../../server/src/media/file-name';
import { imagesOfMessage } from '../../server/src/media/images-of-message';
import { sniffImageType } from '../../server/src/media/sniff';
import { uploadRefusal } from '../../server/src/media/upload-policy';

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '::127.0.0.1',
    '[::1]',
    'fe80::1%eth0',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    }
  );

  it('treats anything that is not an address as not public', () => {
    expect(isPublicAddress('localhost')).toBe(false);
    expect(isPublicAddress('127.1')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });

  it('finds the IPv4 address inside mapped, compatible and NAT64 IPv6 addresses', () => {
    expect(embeddedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIpv4('::ffff:c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIpv4('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2606:4700::1111')).toBeNull();
    expect(embeddedIpv4('::1')).toBeNull();
  });

  it('reaches a private address only with allowPrivateAddresses, or when the allowlist names that address', () => {
    const refused = { allowPrivateAddresses: false, allowedHosts: ['images.internal'] };
    expect(isReachableAddress('10.0.0.5', refused)).toBe(false);
    expect(isReachableAddress('8.8.8.8', refused)).toBe(true);
    expect(isReachableAddress('10.0.0.5', { ...refused, allowPrivateAddresses: true })).toBe(true);
    expect(isReachableAddress('10.0.0.5', { ...refused, allowedHosts: ['10.0.0.5'] })).toBe(true);
    expect(isReachableAddress('10.0.0.6', { ...refused, allowedHosts: ['10.0.0.5'] })).toBe(false);
  });

  it('allows every host without an allowlist, and with one only its hosts and wildcards', () => {
    expect(isAllowedHost('cdn.example.org', [])).toBe(true);
    const allowlist = ['cdn.example.org', '*.stager.example'];
    expect(isAllowedHost('CDN.example.org', allowlist)).toBe(true);
    expect(isAllowedHost('images.stager.example', allowlist)).toBe(true);
    expect(isAllowedHost('stager.example', allowlist)).toBe(false);
    expect(isAllowedHost('evilstager.example', allowlist)).toBe(false);
    expect(isAllowedHost('cdn.example.org.evil.test', allowlist)).toBe(false);
  });
});

describe('image type sniffing', () => {
  const bytes = (...parts: Array<number[] | string>) =>
    Buffer.concat(parts.map((part) => Buffer.from(part as never)));

  it('tells the image types apart by their first bytes', () => {
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))?.extension).toBe('jpg');
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))?.mime).toBe('image/png');
    expect(sniffImageType(bytes('GIF89a', [1, 0]))?.extension).toBe('gif');
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))?.mime).toBe('image/webp');
    expect(sniffImageType(bytes([0, 0, 0, 0x1c], 'ftypavif'))?.extension).toBe('avif');
  });

  it('refuses what is no image, SVG included, and a truncated signature', () => {
    expect(sniffImageType(Buffer.from('<html><body>404</body></html>'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(bytes([0x89], 'PN'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('file names', () => {
  it('makes readable ASCII names from an event name', () => {
    expect(slugify('Nachtcollege: Sterren & Straten')).toBe('nachtcollege-sterren-straten');
    expect(slugify('Café Ölkrug — Été 2026!')).toBe('cafe-olkrug-ete-2026');
    expect(imageFileName('Nachtcollege 2', 'jpg')).toBe('nachtcollege-2.jpg');
  });

  it('falls back to "image" when nothing readable is left, and stays short', () => {
    expect(imageFileName('!!! ???', 'png')).toBe('image.png');
    expect(imageFileName('日本語', 'png')).toBe('image.png');
    const long = imageFileName('a '.repeat(200), 'webp');
    expect(long.length).toBeLessThanOrEqual(85);
    expect(long).toMatch(/^a(-a)+\.webp$/);
  });
});

describe('images of a message', () => {
  it('lists the logo, main images and additional images once per URL, named after what they show', () => {
    const images = imagesOfMessage({
      organization: { id: 'o', name: 'Paradiso', logo: { url: 'https://x/logo.png' } },
      events: [
        {
          name: 'Concert',
          publicity: {
            mainImage: { url: 'https://x/a.jpg', alt: 'Podium' },
            images: [{ url: 'https://x/b.jpg' }, { url: 'https://x/a.jpg' }, { alt: 'no url' }],
          },
        },
        { name: 'Second', publicity: { mainImage: { url: 'https://x/b.jpg' } } },
        null,
        { publicity: 'not an object' },
      ],
    });
    expect(images).toEqual([
      { url: 'https://x/logo.png', alt: null, label: 'Paradiso logo' },
      { url: 'https://x/a.jpg', alt: 'Podium', label: 'Concert' },
      { url: 'https://x/b.jpg', alt: null, label: 'Concert 2' },
    ]);
  });

  it('finds none in a message without images, or in no message at all', () => {
    expect(imagesOfMessage({ organizationId: 'o', eventIds: ['1'] })).toEqual([]);
    expect(imagesOfMessage(null)).toEqual([]);
  });
});

describe("the site's upload security settings", () => {
  it('applies allowedTypes and deniedTypes with wildcards', () => {
    expect(uploadRefusal('image/png', undefined)).toBeNull();
    expect(uploadRefusal('image/png', { allowedTypes: ['image/*'] })).toBeNull();
    expect(uploadRefusal('image/webp', { allowedTypes: ['image/jpeg', 'image/png'] })).toMatch(
      /not in the upload plugin's security\.allowedTypes/
    );
    expect(uploadRefusal('image/gif', { deniedTypes: ['image/gif'] })).toMatch(/deniedTypes/);
  });
});
