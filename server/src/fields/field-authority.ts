import {
  AUTHORITY_FIELDS,
  type NewEventMode,
  SYNCED_TYPES,
  type FieldAuthority,
  type FieldAuthorityMap,
  type FieldAuthorityView,
  type SyncedType,
} from '../../../shared/contracts/fields';

export type Authorities = Record<SyncedType, Readonly<Record<string, FieldAuthority>>>;

/** Each mapped field's authority: the site's config wins over the admin panel; unset follows Stager. */
export function effectiveAuthorities(
  fromConfig: FieldAuthorityMap,
  fromAdmin: FieldAuthorityMap
): Authorities {
  const entries = SYNCED_TYPES.map((type) => [
    type,
    Object.fromEntries(
      AUTHORITY_FIELDS[type].map((field) => [
        field,
        fromConfig[type]?.[field] ?? fromAdmin[type]?.[field] ?? 'stager',
      ])
    ),
  ]);
  return Object.fromEntries(entries) as Authorities;
}

/** What the admin's table shows: every mapped field, its authority, and whether the config sets it. */
export function authorityViews(
  fromConfig: FieldAuthorityMap,
  fromAdmin: FieldAuthorityMap
): Record<SyncedType, FieldAuthorityView[]> {
  const authorities = effectiveAuthorities(fromConfig, fromAdmin);
  const entries = SYNCED_TYPES.map((type) => [
    type,
    AUTHORITY_FIELDS[type].map((field): FieldAuthorityView => {
      const source = fromConfig[type]?.[field]
        ? 'config'
        : fromAdmin[type]?.[field]
          ? 'admin'
          : 'default';
      return { field, authority: authorities[type][field], source, readOnly: source === 'config' };
    }),
  ]);
  return Object.fromEntries(entries) as Record<SyncedType, FieldAuthorityView[]>;
}

/**
 * The part of `data` the sync may write: a field of the editor's is left out, and a `once` field
 * too unless the entry is being created. Fields without a configurable authority pass.
 */
export function writableData(
  authorities: Readonly<Record<string, FieldAuthority>>,
  data: Record<string, unknown>,
  creating: boolean
): Record<string, unknown> {
  const writable: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(data)) {
    const authority = authorities[field] ?? 'stager';
    if (authority === 'stager' || (authority === 'once' && creating)) writable[field] = value;
  }
  return writable;
}

/** The fields of `data` whose authority is `once`. */
export function onceData(
  authorities: Readonly<Record<string, FieldAuthority>>,
  data: Record<string, unknown>
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).filter(([field]) => authorities[field] === 'once')
  );
}

/** What the site decided about the sync's writes, read as each entry is written. */
export interface WritePolicy {
  authorities(): Authorities;
  newEvents(): NewEventMode;
}

/** The write policy of the config and the admin settings, recomputed only when either changes. */
export function createWritePolicy(
  config: () => { fieldAuthority: FieldAuthorityMap; newEvents: NewEventMode },
  admin: () => FieldAuthorityMap
): WritePolicy {
  let last: { config: FieldAuthorityMap; admin: FieldAuthorityMap; result: Authorities } | null =
    null;
  return {
    authorities() {
      const fromConfig = config().fieldAuthority;
      const fromAdmin = admin();
      if (last?.config !== fromConfig || last.admin !== fromAdmin)
        last = {
          config: fromConfig,
          admin: fromAdmin,
          result: effectiveAuthorities(fromConfig, fromAdmin),
        };
      return last.result;
    },
    newEvents: () => config().newEvents,
  };
}
