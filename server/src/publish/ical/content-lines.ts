/** Content lines of RFC 5545 (§3.1, §3.3.11): escaping of TEXT values and folding at 75 octets. */

const MAX_OCTETS = 75;

/** Control characters other than tab have no place in a content line (RFC 5545 §3.1). */
const withoutControls = (value: string) =>
  [...value]
    .filter((character) => {
      const code = character.charCodeAt(0);
      return code === 9 || (code >= 32 && code !== 127);
    })
    .join('');

/** A TEXT value: backslash, semicolon and comma escaped, every line break as `\n`. */
export function escapeText(value: string): string {
  return withoutControls(
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
  );
}

/**
 * Folds a content line so that no line is longer than 75 octets of UTF-8, CRLF excluded; each
 * continuation starts with one space. A character (an emoji's surrogate pair included) is never split.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space counts
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The lines of an iCalendar object, folded, each ended by CRLF. */
export function serialize(lines: string[]): string {
  return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}
