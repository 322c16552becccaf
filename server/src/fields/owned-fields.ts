import { isDeepStrictEqual } from 'node:util';
import { AUTHORITY_FIELDS, type SyncedType } from '../../../shared/contracts/fields';
import type { Authorities } from './field-authority';

/** Fields every message keeps as Stager sent them: identity, the relations between the synced types, and bookkeeping. */
const ALWAYS_STAGERS: Record<SyncedType, readonly string[]> = {
  event: [
    'stagerId',
    'location',
    'organization',
    'spaceIds',
    'modifiedAt',
    'raw',
    'syncSequence',
    'removedAt',
  ],
  location: ['stagerId', 'organization', 'events', 'raw', 'syncSequence', 'removedAt'],
  organization: ['stagerId', 'locations', 'events', 'raw', 'syncSequence', 'removedAt'],
};

/** The fields of a type that Stager owns now: the always-Stager ones and each mapped field set to `stager`. */
export function ownedFields(type: SyncedType, authorities: Authorities): Set<string> {
  const mapped = (AUTHORITY_FIELDS[type] as readonly string[]).filter(
    (field) => (authorities[type][field] ?? 'stager') === 'stager'
  );
  return new Set([...ALWAYS_STAGERS[type], ...mapped]);
}

/** Whether a field can be handed to editors in the settings (its authority), or always follows Stager. */
export const isConfigurable = (type: SyncedType, field: string) =>
  (AUTHORITY_FIELDS[type] as readonly string[]).includes(field);

export interface AttributeSchema {
  type: string;
  relation?: string;
  component?: string;
  repeatable?: boolean;
}

export type Attributes = Record<string, AttributeSchema>;

/** The attributes of a component, by its uid. */
export type ComponentAttributes = (component: string) => Attributes;

/**
 * Whether a value an editor sent would change the stored one. Values are compared as the Content
 * Manager sends them back: components without their ids, media by id, times as instants, relations
 * as the documents they link.
 */
export function changes(
  attribute: AttributeSchema,
  sent: unknown,
  stored: unknown,
  components: ComponentAttributes
): boolean {
  if (attribute.type === 'relation') return changesRelation(sent, stored);
  return !isDeepStrictEqual(
    normalise(attribute, sent, components),
    normalise(attribute, stored, components)
  );
}

function normalise(
  attribute: AttributeSchema,
  value: unknown,
  components: ComponentAttributes
): unknown {
  if (value === undefined || value === null || value === '') return null;
  switch (attribute.type) {
    case 'component': {
      const fields = components(attribute.component ?? '');
      const one = (item: unknown) => normaliseComponent(fields, item, components);
      return Array.isArray(value) ? value.map(one) : one(value);
    }
    case 'media':
      return mediaIds(value);
    case 'datetime':
    case 'date':
    case 'time': {
      const instant = new Date(value as string).getTime();
      return Number.isNaN(instant) ? String(value) : instant;
    }
    case 'integer':
    case 'biginteger':
    case 'float':
    case 'decimal':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 'true';
    case 'json':
      return typeof value === 'string' ? parseJson(value) : JSON.parse(JSON.stringify(value));
    default:
      return value;
  }
}

function normaliseComponent(fields: Attributes, item: unknown, components: ComponentAttributes) {
  if (typeof item !== 'object' || item === null) return item;
  const values = item as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, attribute]) => attribute.type !== 'relation')
      .map(([field, attribute]) => [field, normalise(attribute, values[field], components)])
  );
}

function mediaIds(value: unknown): unknown {
  const one = (item: unknown) =>
    typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : item;
  return Array.isArray(value) ? value.map(one) : one(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Link = { id?: unknown; documentId?: unknown } | string | number;

/**
 * A relation as the Content Manager sends it (`{ connect, disconnect }`, or `set`, or a list) changes
 * the stored one when it links a document the entry does not link yet, or unlinks one.
 */
function changesRelation(sent: unknown, stored: unknown): boolean {
  if (sent === undefined) return false;
  const storedEntries = asList(stored);
  const linked = new Set(storedEntries.flatMap((entry) => keys(entry)));
  const isLinked = (entry: Link) => keys(entry).some((key) => linked.has(key));
  if (typeof sent === 'object' && sent !== null && !Array.isArray(sent)) {
    const { connect, disconnect, set } = sent as Record<string, unknown>;
    if (set !== undefined) return changesRelation(set, stored);
    const connecting = asList(connect);
    const disconnecting = asList(disconnect);
    if (connect === undefined && disconnect === undefined) return changesRelation([sent], stored);
    return disconnecting.length > 0 || connecting.some((entry) => !isLinked(entry));
  }
  const wanted = asList(sent);
  return wanted.length !== storedEntries.length || wanted.some((entry) => !isLinked(entry));
}

const asList = (value: unknown): Link[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value as Link];

/** The id and the document id an entry of a relation is known by. */
function keys(entry: Link): string[] {
  if (typeof entry !== 'object' || entry === null) return [`id:${entry}`, `doc:${entry}`];
  return [`id:${entry.id}`, `doc:${entry.documentId}`].filter((key) => !key.endsWith(':undefined'));
}
