import { randomBytes } from 'node:crypto';

/** A document id in the form Strapi gives them: 24 lower-case letters and digits, a letter first. */
export function newDocumentId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const alphabet = `${letters}0123456789`;
  const bytes = randomBytes(24);
  return Array.from(bytes, (byte, index) =>
    index === 0 ? letters[byte % 26] : alphabet[byte % 36]
  ).join('');
}
