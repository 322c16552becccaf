const MAX_SLUG_LENGTH = 80;

/** Lower-case ASCII words joined by hyphens: "Nachtcollege: Sterren & Straten" → "nachtcollege-sterren-straten". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/** A readable file name from what the image shows (an event's name, an organisation's logo) and its real type. */
export function imageFileName(label: string, extension: string): string {
  return `${slugify(label) || 'image'}.${extension}`;
}
