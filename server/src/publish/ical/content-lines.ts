/** Content lines of RFC 5545 (§3.1, §3.3.11): escaping of TEXT values and folding at 75 octets. */

const MAX_OCTETS = 75;

const isControl = (code: number) => (code < 32 && code !== 9) || code === 127;

/** Control characters other than tab have no place in a content line (RFC 5545 §3.1). */
function withoutControls(value: string): string {
  let index = 0;
  while (index < value.length && !isControl(value.charCodeAt(index))) index++;
  if (index === value.length) return value;
  let clean = '';
  for (let at = 0; at < value.length; at++)
    if (!isControl(value.charCodeAt(at))) clean += value[at];
  return clean;
}

/** Octets of one code point in UTF-8. */
const utf8Size = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

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
    const size = utf8Size(character.codePointAt(0)!);
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
