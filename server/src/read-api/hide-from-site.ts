import type { Core } from '@strapi/strapi';
import { ENTITY_UIDS } from '../store/entity-types';

type Where = Record<string, unknown>;

const notRemoved: Where = { removedAt: { $null: true } };
const notHidden: Where = { $or: [{ hidden: { $null: true } }, { hidden: false }] };

/** What the site shows of each synced type: entries Stager removed and events editors hid (or that wait for review) stay out. */
const SHOWN: Readonly<Record<string, Where>> = {
  [ENTITY_UIDS.organization]: notRemoved,
  [ENTITY_UIDS.location]: notRemoved,
  [ENTITY_UIDS.event]: { $and: [notRemoved, notHidden] },
};

/** The query engine's `filters`: a condition, or a function of the model each (sub-)query reads. */
type QueryFilters = Where | ((context: { meta: { uid: string } }) => Where | undefined | null);

interface DatabaseQuery {
  where?: unknown;
  filters?: QueryFilters;
  populate?: unknown;
  on?: Record<string, unknown>;
}

interface AttributeMeta {
  type: string;
  target?: string;
}

type Metadata = (uid: string) => { attributes: Record<string, AttributeMeta> } | undefined;

/**
 * Keeps what the site does not show out of the content API, REST and GraphQL alike, by every
 * road: lists, single entries, counts, populate from any type at any depth, GraphQL associations,
 * and filters through relations. The Content Manager and the plugin's own work still see everything.
 *
 * Strapi hides drafts the same way: the query engine's `filters` condition is handed down to every
 * populated sub-query, each time for the model that sub-query reads. One database lifecycle sets it
 * on every query made while a content-API request is served, whatever its model, since GraphQL
 * loads associations with the query engine directly, past the document service.
 */
export function hideFromContentApi(strapi: Core.Strapi): void {
  const metadata: Metadata = (uid) => strapi.db.metadata.get(uid) as ReturnType<Metadata>;
  const seen = new WeakSet<object>();
  const restrict = (event: { model: { uid: string }; params?: DatabaseQuery }) => {
    const { params } = event;
    if (!params || seen.has(params) || !servingContentApi(strapi)) return;
    seen.add(params);
    restrictQuery(metadata, event.model.uid, params, true);
  };
  strapi.db.lifecycles.subscribe({
    beforeFindMany: restrict,
    beforeFindOne: restrict,
    beforeCount: restrict,
  } as never);
}

/**
 * Adds the shown-condition to `query` and to every populated sub-query in it. A sub-query without
 * `filters` of its own inherits its parent's, so only the root and sub-queries that bring their
 * own need it.
 */
export function restrictQuery(
  metadata: Metadata,
  uid: string,
  query: DatabaseQuery,
  root: boolean
) {
  if (query.where !== undefined) query.where = restrictWhere(metadata, uid, query.where);
  if (root || query.filters) query.filters = keepingOff(query.filters);
  if (query.on) {
    for (const [target, sub] of Object.entries(query.on))
      if (isPlainObject(sub)) restrictQuery(metadata, target, sub, false);
  }
  if (!isPlainObject(query.populate)) return;
  const attributes = metadata(uid)?.attributes ?? {};
  for (const [field, sub] of Object.entries(query.populate)) {
    const target = attributes[field]?.target;
    if (isPlainObject(sub)) restrictQuery(metadata, target ?? '', sub, false);
  }
}

/** The query's own condition, and the shown-condition of the model each (sub-)query reads. */
function keepingOff(own: QueryFilters | undefined): QueryFilters {
  return (context) => {
    const condition = typeof own === 'function' ? own(context) : own;
    const shown = SHOWN[context.meta.uid];
    if (!shown) return condition;
    return condition && Object.keys(condition).length > 0 ? { $and: [condition, shown] } : shown;
  };
}

/**
 * A condition on a relation to a synced type matches only shown entries there: without it,
 * `filters[events][name]` would tell whether a hidden event of that name exists.
 */
export function restrictWhere(metadata: Metadata, uid: string, where: unknown): unknown {
  if (Array.isArray(where)) return where.map((part) => restrictWhere(metadata, uid, part));
  if (!isPlainObject(where)) return where;
  const attributes = metadata(uid)?.attributes ?? {};
  const restricted: Where = {};
  for (const [key, value] of Object.entries(where)) {
    const target = attributes[key]?.type === 'relation' ? attributes[key].target : undefined;
    if (key.startsWith('$')) restricted[key] = restrictWhere(metadata, uid, value);
    else if (!target) restricted[key] = value;
    else restricted[key] = onlyShown(target, restrictWhere(metadata, target, value));
  }
  return restricted;
}

function onlyShown(target: string, condition: unknown): unknown {
  const shown = SHOWN[target];
  if (!shown) return condition;
  if (!isPlainObject(condition)) return { $and: [{ id: condition }, shown] };
  return { $and: [condition, shown] };
}

function isPlainObject(value: unknown): value is Where & DatabaseQuery {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function servingContentApi(strapi: Core.Strapi): boolean {
  const request = strapi.requestContext.get();
  return request?.state?.route?.info?.type === 'content-api';
}
