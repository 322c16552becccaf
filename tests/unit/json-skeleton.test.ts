import fc from 'fast-check';
import { isSummarisedPath, summariseEnvelope } from '../../server/src/feed/envelope';
import {
  JsonSyntaxError,
  parseJsonSkeleton,
  type KeepPath,
} from '../../server/src/ingest/json-skeleton';

const keepAll = () => true;
const keepRootOnly = () => false;
/** Every way of keeping: all built, nothing built but the root, what the webhook builds. */
const EVERY_KEEP: KeepPath[] = [keepAll, keepRootOnly, isSummarisedPath];
const decoder = new TextDecoder('utf-8', { fatal: true });

/** What the webhook did before: decode (dropping a BOM) and JSON.parse. */
function parsed(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

function skeleton(
  bytes: Buffer,
  keep: KeepPath = keepAll
): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseJsonSkeleton(bytes, keep) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { ok: false };
  }
}

/** JSON.parse's value with every array replaced by an empty array of its length. */
function lengthsOnly(value: unknown): unknown {
  if (Array.isArray(value)) return new Array(value.length);
  if (value === null || typeof value !== 'object') return value;
  const copy = {};
  for (const [key, inner] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: lengthsOnly(inner),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

const JSON_CHARACTERS = [
  ...'{}[]",:0123456789-+.eE \t\n\r\\/utfnrlabsx',
  '\u0000',
  '\u001f',
  '\u00e9',
  '\ufeff',
];

/** A JSON text with a few characters inserted, removed or replaced. */
const mangledJson = fc
  .tuple(
    fc.json(),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('insert', 'remove', 'replace'),
        fc.constantFrom(...JSON_CHARACTERS)
      ),
      { maxLength: 3 }
    )
  )
  .map(([text, edits]) =>
    edits.reduce((result, [at, edit, character]) => {
      const index = result.length === 0 ? 0 : at % result.length;
      if (edit === 'insert') return result.slice(0, index) + character + result.slice(index);
      if (edit === 'remove') return result.slice(0, index) + result.slice(index + 1);
      return result.slice(0, index) + character + result.slice(index + 1);
    }, text)
  );

describe('parseJsonSkeleton', () => {
  it('builds what JSON.parse builds when every path is kept, arrays as their length', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        const result = skeleton(Buffer.from(text));
        expect(result).toEqual({ ok: true, value: lengthsOnly(JSON.parse(text)) });
      }),
      { numRuns: 500 }
    );
  });

  it('accepts exactly the bodies JSON.parse accepts', () => {
    fc.assert(
      fc.property(mangledJson, fc.boolean(), (text, withBom) => {
        const bytes = Buffer.from(withBom ? `\ufeff${text}` : text);
        const expected = parsed(bytes).ok;
        for (const keep of EVERY_KEEP) expect(skeleton(bytes, keep).ok).toBe(expected);
      }),
      { numRuns: 3_000 }
    );
  });

  it.each([
    ['an empty body', ''],
    ['a lone BOM', '\ufeff'],
    ['leading zeros', '{"a": 01}'],
    ['a trailing comma', '[1, 2,]'],
    ['a raw tab in a string', '"a\tb"'],
    ['a short \\u escape', '"\\u12"'],
    ['an unknown escape', '"\\x41"'],
    ['single quotes', "{'a': 1}"],
    ['two values', '{} {}'],
    ['a bare minus', '-'],
    ['an exponent without digits', '1e+'],
    ['a fraction without digits', '1.'],
    ['an unclosed object', '{"a": [1, {"b": 2}]'],
    ['a misspelt literal', '{"a": nul}'],
    ['an array closed by a brace', '{"a": [}}'],
    ['an object closed by a bracket', '{"a": {]}'],
    ['a key without a value', '{"a": {"b"}}'],
    ['a number as a key', '{"a": {1: 2}}'],
  ])('refuses %s, as JSON.parse does', (_, text) => {
    expect(parsed(Buffer.from(text)).ok).toBe(false);
    for (const keep of EVERY_KEEP) expect(skeleton(Buffer.from(text), keep).ok).toBe(false);
  });

  it("finds a string's end, an escape or a bad byte wherever it falls in the four-byte steps", () => {
    const breaks = ['"', '\\n', '\\u00e9', '\\', '\\x', '\u0001', '\t', '\u00e9'];
    for (let length = 0; length <= 9; length++)
      for (let at = 0; at <= length; at++)
        for (const inserted of breaks) {
          const string = `"${'a'.repeat(at)}${inserted}${'b'.repeat(length - at)}`;
          for (const text of [`${string}"`, string, `{"key": ${string}"}`, `[${string}", 1]`]) {
            const expected = parsed(Buffer.from(text));
            for (const keep of EVERY_KEEP)
              expect(skeleton(Buffer.from(text), keep).ok).toBe(expected.ok);
            if (expected.ok)
              expect(skeleton(Buffer.from(text))).toEqual({
                ok: true,
                value: lengthsOnly(expected.value),
              });
          }
        }
  });

  it('follows nesting deeper than its first stack', () => {
    const deep = (depth: number) => `{"a": ${'[{"b": '.repeat(depth)}1${'}]'.repeat(depth)}}`;
    for (const keep of [keepAll, keepRootOnly]) {
      expect(skeleton(Buffer.from(deep(300)), keep).ok).toBe(true);
      expect(skeleton(Buffer.from(deep(300).slice(0, -2)), keep).ok).toBe(false);
    }
  });

  it('says where the body stops being JSON', () => {
    expect(() => parseJsonSkeleton(Buffer.from('{"a": tru}'), keepAll)).toThrow(
      'unexpected character at byte 6'
    );
    expect(() => parseJsonSkeleton(Buffer.from('{"a": [1, 2'), keepAll)).toThrow(
      'unexpected end of the body at byte 11'
    );
  });

  it('builds only the kept paths, reading escaped keys and the last of repeated keys', () => {
    const text =
      '{"skip": {"deep": [1, 2]}, "messag\\u0065Type": "A", "messageType": "B", "messageContent": {"events": [{}, {}, {}], "other": 1}}';
    expect(parseJsonSkeleton(Buffer.from(text), isSummarisedPath)).toEqual({
      messageType: 'B',
      messageContent: { events: new Array(3) },
    });
  });

  it('gives summariseEnvelope the same summary as the whole parsed envelope', () => {
    const value = fc.jsonValue({ maxDepth: 2 });
    const envelope = fc.record(
      {
        messageType: fc.oneof(fc.string(), value),
        messageContent: fc.oneof(
          value,
          fc.record(
            {
              organization: fc.oneof(
                value,
                fc.record(
                  { id: fc.oneof(fc.string(), fc.integer(), fc.double(), value) },
                  { requiredKeys: [] }
                )
              ),
              organizationId: fc.oneof(fc.string(), fc.integer(), value),
              events: fc.oneof(fc.array(value, { maxLength: 5 }), value),
              locations: fc.array(value, { maxLength: 5 }),
              eventIds: fc.array(fc.string(), { maxLength: 5 }),
              locationIds: value,
            },
            { requiredKeys: [] }
          )
        ),
      },
      { requiredKeys: [] }
    );
    fc.assert(
      fc.property(fc.oneof(envelope, value), (message) => {
        const text = JSON.stringify(message);
        expect(summariseEnvelope(parseJsonSkeleton(Buffer.from(text), isSummarisedPath))).toEqual(
          summariseEnvelope(JSON.parse(text))
        );
      }),
      { numRuns: 1_000 }
    );
  });
});
