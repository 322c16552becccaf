import { createHash } from 'node:crypto';
import type { StateRow } from './sync-guard';
import type { EntryData } from './entities/pending-writes';

/**
 * What the sync last wrote to an entry, kept in its state's `detail`: a short digest of each
 * field's value, and the digest of the rules it wrote them under (field authority, the locales'
 * words). A message that changes one field of an event then writes that field only: unchanged
 * components are neither read nor rewritten, and the change record lists what changed.
 */
export interface WrittenFields {
  rules: string;
  fields: Record<string, string>;
}

/** The item as received differs whenever anything in it does: it is written without a digest. */
const WRITTEN_EVERY_TIME = 'raw';

const fieldDigest = (value: unknown): string =>
  createHash('sha1')
    .update(JSON.stringify(value) ?? 'undefined')
    .digest('base64url')
    .slice(0, 12);

export function writtenFieldsOf(data: EntryData, rules: string): WrittenFields {
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(data))
    if (field !== WRITTEN_EVERY_TIME) fields[field] = fieldDigest(value);
  return { rules, fields };
}

/**
 * The fields of `data` whose value differs from what the sync last wrote, as `previous` (the
 * entity's state before this message) records it; all of `data` when the record cannot be
 * trusted: none kept, other rules, an editor's save since (which clears the state's digest), or
 * an entry removed since.
 */
export function changedFields(
  data: EntryData,
  written: WrittenFields,
  previous: StateRow
): EntryData {
  const before = recordOf(previous);
  if (!before || before.rules !== written.rules || !previous.content_hash || previous.removed)
    return data;
  return Object.fromEntries(
    Object.entries(data).filter(
      ([field]) => field === WRITTEN_EVERY_TIME || before.fields[field] !== written.fields[field]
    )
  );
}

function recordOf({ detail }: StateRow): WrittenFields | null {
  if (detail === null || detail === undefined) return null;
  const parsed = (
    typeof detail === 'string' ? JSON.parse(detail) : detail
  ) as Partial<WrittenFields>;
  return typeof parsed.rules === 'string' && parsed.fields && typeof parsed.fields === 'object'
    ? (parsed as WrittenFields)
    : null;
}
