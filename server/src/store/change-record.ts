import {
  CHANGE_TEXT_LIMIT,
  type ChangeAction,
  type FieldChange,
} from '../../../shared/contracts/change-record';
import { CHANGE_RECORD_UID, ENTITY_UIDS, type EntityType } from './entity-types';
import type { Transaction } from './sync-guard';
import {
  newDocumentId,
  relatedDocumentIds,
  type Row,
  type SchemaAttribute,
  type TableLayout,
} from './table-layout';

/** One message's write of one entry, as document-service data. */
export interface WriteStep {
  messageId: number;
  data: Row;
  creating: boolean;
}

/** One message's change to one entry, as the change record keeps it. */
export interface ChangeRow {
  messageId: number;
  entryType: EntityType;
  stagerId: string;
  action: ChangeAction;
  fields: FieldChange[];
}

/**
 * Not recorded: bookkeeping (which message last wrote the entry, Strapi's timestamps), and `raw`,
 * the payload as received, which every change changes and the message itself shows.
 */
export const NOT_RECORDED: ReadonlySet<string> = new Set([
  'syncSequence',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'raw',
]);
const RECORDS_PER_STATEMENT = 100;

/** Long text ends after CHANGE_TEXT_LIMIT characters, with "…". */
export function shortened(value: unknown): unknown {
  return typeof value === 'string' && value.length > CHANGE_TEXT_LIMIT
    ? `${value.slice(0, CHANGE_TEXT_LIMIT - 1)}…`
    : value;
}

/**
 * Works out, from the writes a transaction made to an entry, what each message changed, and writes
 * it to the change record in the same transaction. Scalar fields are compared in comparable form
 * (SQLite booleans, PostgreSQL bigints and dates read back alike); components and relations are
 * only "changed", as the bulk update found them.
 */
export function createChangeRecorder(layout: TableLayout) {
  /** A comparable value as the record shows it: dates in ISO 8601, long text shortened. */
  function shown(attribute: SchemaAttribute, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (attribute.type === 'datetime' || attribute.type === 'timestamp')
      return new Date(value as number).toISOString();
    if (attribute.type === 'json') return JSON.parse(value as string);
    return shortened(value);
  }

  /** A JSON value too long to show whole (the payload kept in `raw`) is only "changed". */
  function fieldChange(
    field: string,
    attribute: SchemaAttribute,
    previous: unknown,
    next: unknown
  ): FieldChange {
    const tooLong = (value: unknown) =>
      typeof value === 'string' && value.length > CHANGE_TEXT_LIMIT;
    if (attribute.type === 'json' && (tooLong(previous) || tooLong(next)))
      return { field, kind: 'changed' };
    return { field, kind: 'value', old: shown(attribute, previous), new: shown(attribute, next) };
  }

  function isEmptyLink(uid: string, field: string, value: unknown): boolean {
    if (layout.schemaOf(uid).attributes[field]?.type === 'relation')
      return relatedDocumentIds(value).length === 0;
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  }

  /**
   * The records of one entry's writes in one transaction, oldest first. `before` holds its stored
   * scalar fields, or is null when the transaction created it; `linksChanged` names the component
   * and relation fields the bulk update changed (credited to the last message that wrote them).
   */
  function recordsOf(
    type: EntityType,
    stagerId: string,
    before: Row | null,
    steps: WriteStep[],
    linksChanged: ReadonlySet<string> = new Set()
  ): ChangeRow[] {
    const uid = ENTITY_UIDS[type];
    const scalars: Row = { ...(before ?? {}) };
    const links = new Map<string, string>();
    const lastLinkWriter = new Map<string, number>();
    steps.forEach(({ data }, index) => {
      for (const field of Object.keys(data))
        if (!layout.scalarAttribute(uid, field)) lastLinkWriter.set(field, index);
    });

    return steps.flatMap(({ messageId, data, creating }, index) => {
      const fields: FieldChange[] = [];
      const wasRemoved = (scalars.removedAt ?? null) !== null;
      for (const [field, value] of Object.entries(data)) {
        if (NOT_RECORDED.has(field)) continue;
        const attribute = layout.scalarAttribute(uid, field);
        if (attribute) {
          const next = layout.comparable(attribute, value);
          const previous = creating ? null : (scalars[field] ?? null);
          if (next !== previous) fields.push(fieldChange(field, attribute, previous, next));
          scalars[field] = next;
          continue;
        }
        let changed: boolean;
        if (before !== null)
          changed = linksChanged.has(field) && lastLinkWriter.get(field) === index;
        else {
          // Created in this transaction: compared with what the earlier messages wrote.
          const written = JSON.stringify(value ?? null);
          changed = creating ? !isEmptyLink(uid, field, value) : links.get(field) !== written;
          links.set(field, written);
        }
        if (changed) fields.push({ field, kind: 'changed' });
      }
      if (fields.length === 0) return [];
      const removed = (scalars.removedAt ?? null) !== null;
      const action: ChangeAction = creating
        ? 'created'
        : removed && !wasRemoved
          ? 'removed'
          : wasRemoved && !removed
            ? 'restored'
            : 'changed';
      return [{ messageId, entryType: type, stagerId, action, fields }];
    });
  }

  /** Writes the records, a hundred rows a statement, in the transaction of the changes. */
  async function write(trx: Transaction, records: ChangeRow[], at: Date): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => ({
      ...layout.rowOf(CHANGE_RECORD_UID, { ...record, recordedAt: at }, { withDefaults: false }),
      document_id: newDocumentId(),
      created_at: at,
      updated_at: at,
      published_at: at,
    }));
    const table = layout.tableOf(CHANGE_RECORD_UID);
    for (let start = 0; start < rows.length; start += RECORDS_PER_STATEMENT)
      await trx(table).insert(rows.slice(start, start + RECORDS_PER_STATEMENT));
  }

  return { recordsOf, write };
}

export type ChangeRecorder = ReturnType<typeof createChangeRecorder>;
