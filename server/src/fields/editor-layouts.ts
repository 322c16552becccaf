import type { Core } from '@strapi/strapi';
import type { FieldAuthority, NewEventMode, SyncedType } from '../../../shared/contracts/fields';
import { EDIT_VIEW_LABELS } from '../../../shared/contracts/field-labels';
import { PER_LANGUAGE_FIELDS } from '../../../shared/contracts/translations';
import { pluginConfig } from '../config';
import { ENTITY_UIDS } from '../store/entity-types';
import { errorMessage } from '../utils/error-message';
import type { WritePolicy } from './field-authority';
import { lockOwnedComponents } from './component-locks';

/**
 * How a synced field is shown in the edit view. `role` says who writes it: `mapped` fields follow
 * their authority, `editor` fields are never written by the sync, `bookkeeping` fields are Stager's
 * and read-only.
 */
interface FieldLayout {
  field: string;
  label: string;
  role: 'mapped' | 'editor' | 'bookkeeping';
  /** What the field holds, before the sentence on who writes it. */
  about?: string;
}

interface TypeLayout {
  mainField: string;
  defaultSortBy: string;
  defaultSortOrder: 'ASC' | 'DESC';
  list: string[];
  /** The edit view, in order; fields left out are not shown there. */
  edit: FieldLayout[];
}

type Role = Pick<FieldLayout, 'role' | 'about'>;

/** A field's role, and what it holds before the sentence on who writes it. */
const inRole =
  (role: FieldLayout['role']) =>
  (about?: string): Role => ({ role, about });
const mapped = inRole('mapped');
const bookkeeping = inRole('bookkeeping');
const editors = inRole('editor');

/** The edit view: its fields in the order and with the labels of `EDIT_VIEW_LABELS`, each in its role. */
function editView<T extends SyncedType>(
  type: T,
  roles: Record<keyof (typeof EDIT_VIEW_LABELS)[T], Role>
): FieldLayout[] {
  return Object.entries(EDIT_VIEW_LABELS[type]).map(([field, label]) => ({
    field,
    label: label as string,
    ...roles[field as keyof (typeof EDIT_VIEW_LABELS)[T]],
  }));
}

const LAYOUTS: Record<SyncedType, TypeLayout> = {
  event: {
    mainField: 'name',
    defaultSortBy: 'start',
    defaultSortOrder: 'DESC',
    list: ['name', 'start', 'location', 'eventStatus', 'featured', 'hidden'],
    edit: editView('event', {
      hidden: editors('Hidden events are not on the site (REST and GraphQL).'),
      featured: editors('Show this event prominently on the site.'),
      editorialText: editors('Your own text about the event.'),
      name: mapped(),
      subtitle: mapped(),
      eventStatus: mapped('As set in Stager, e.g. PUBLISHED or CANCELLED.'),
      start: mapped(),
      end: mapped(),
      doorsOpen: mapped(),
      location: mapped(),
      organization: mapped(),
      text: mapped(),
      textHtml: mapped(),
      ticketShopUrl: mapped(),
      genre: mapped(),
      language: mapped(),
      tags: mapped(),
      mainImage: mapped(),
      images: mapped(),
      videos: mapped(),
      programItems: mapped(),
      ticketTypes: mapped('Prices in cents.'),
      eventGroup: mapped(),
      projectType: mapped(),
      accountingId: mapped(),
      memberLink: mapped(),
      expectedVisitors: mapped(),
      modifiedAt: bookkeeping('When the event last changed in Stager.'),
      stagerId: bookkeeping("Stager's id of this event."),
      removedAt: bookkeeping('Set when Stager removed the event: it is then off the site.'),
      raw: bookkeeping('The last message about this event, unchanged.'),
    }),
  },
  location: {
    mainField: 'name',
    defaultSortBy: 'name',
    defaultSortOrder: 'ASC',
    list: ['name', 'city', 'organization', 'removedAt'],
    edit: editView('location', {
      name: mapped(),
      street: mapped(),
      houseNumber: mapped(),
      zipcode: mapped(),
      city: mapped(),
      country: mapped(),
      latitude: mapped(),
      longitude: mapped(),
      website: mapped(),
      organization: mapped(),
      spaces: mapped(),
      stagerId: bookkeeping("Stager's id of this location."),
      removedAt: bookkeeping('Set when Stager removed the location.'),
      raw: bookkeeping('The last message about this location, unchanged.'),
    }),
  },
  organization: {
    mainField: 'name',
    defaultSortBy: 'name',
    defaultSortOrder: 'ASC',
    list: ['name', 'website', 'email'],
    edit: editView('organization', {
      name: mapped(),
      website: mapped(),
      email: mapped(),
      phone: mapped(),
      logo: mapped(),
      stagerId: bookkeeping("Stager's id of this organisation."),
      removedAt: bookkeeping('Set when Stager removed the organisation.'),
      raw: bookkeeping('The last message about it, unchanged.'),
    }),
  },
};

const WHO_WRITES: Record<FieldAuthority, string> = {
  stager: 'From Stager: every message overwrites it.',
  once: 'From Stager when it arrives; after that it is yours.',
  editor: 'Yours: Stager never writes it.',
};

const TRANSLATORS_WRITE = 'In the other languages, translators write it.';

const RELATIONS_SHOW = 'name';
const ROW_WIDTH = 12;

interface Metadata {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}

interface CmConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> };
}

interface ContentTypesService {
  findConfiguration(contentType: { uid: string }): Promise<Partial<CmConfiguration>>;
  updateConfiguration(
    contentType: { uid: string },
    configuration: CmConfiguration
  ): Promise<unknown>;
}

/**
 * The Content Manager configuration the plugin gives a type, for the given authorities. A layout
 * holds for every locale: the words translators write in the other locales (`translated`) stay
 * editable, and a save that changes them in Stager's own locale is refused with the reason.
 */
export function editorConfiguration(
  type: SyncedType,
  attributes: Record<string, { type: string; relation?: string }>,
  authorities: Readonly<Record<string, FieldAuthority>>,
  newEvents: NewEventMode,
  fieldSize: (attributeType: string) => number,
  current: Partial<CmConfiguration>,
  translated: readonly string[] = []
): CmConfiguration {
  const layout = LAYOUTS[type];
  const metadatas: Record<string, Metadata> = structuredClone(current.metadatas ?? {});
  const describe = ({ field, role, about }: FieldLayout) => {
    const who =
      role === 'bookkeeping'
        ? 'Kept by the sync.'
        : role === 'editor'
          ? field === 'hidden' && newEvents === 'review'
            ? 'New events arrive hidden until you untick this. Stager never changes it.'
            : 'Yours: Stager never writes it.'
          : WHO_WRITES[authorities[field] ?? 'stager'];
    const translators = translated.includes(field) ? ` ${TRANSLATORS_WRITE}` : '';
    return `${about ? `${about} ${who}` : who}${translators}`;
  };
  for (const item of layout.edit) {
    const isRelation = attributes[item.field]?.type === 'relation';
    const readOnly =
      item.role === 'bookkeeping' ||
      (item.role === 'mapped' &&
        (authorities[item.field] ?? 'stager') === 'stager' &&
        !translated.includes(item.field));
    const previous = metadatas[item.field] ?? { edit: {}, list: {} };
    metadatas[item.field] = {
      edit: {
        ...previous.edit,
        label: item.label,
        description: describe(item),
        visible: true,
        editable: !readOnly,
        ...(isRelation ? { mainField: RELATIONS_SHOW } : {}),
      },
      list: { ...previous.list, label: item.label },
    };
  }

  const edit: CmConfiguration['layouts']['edit'] = [];
  for (const { field } of layout.edit) {
    const size = fieldSize(attributes[field].type);
    const row = edit.at(-1);
    if (row && row.reduce((width, cell) => width + cell.size, 0) + size <= ROW_WIDTH)
      row.push({ name: field, size });
    else edit.push([{ name: field, size }]);
  }

  return {
    settings: {
      ...current.settings,
      mainField: layout.mainField,
      defaultSortBy: layout.defaultSortBy,
      defaultSortOrder: layout.defaultSortOrder,
    },
    metadatas,
    layouts: { ...current.layouts, list: layout.list, edit },
  };
}

/** What of a configuration the plugin sets: compared to tell whether the site changed it since. */
function projection(configuration: Partial<CmConfiguration>, fields: readonly string[]) {
  const known = new Set(fields);
  return JSON.stringify({
    mainField: configuration.settings?.mainField,
    defaultSortBy: configuration.settings?.defaultSortBy,
    defaultSortOrder: configuration.settings?.defaultSortOrder,
    list: (configuration.layouts?.list ?? []).filter((name) => known.has(name)),
    edit: (configuration.layouts?.edit ?? []).flatMap((row) =>
      row.filter(({ name }) => known.has(name)).map(({ name, size }) => `${name}:${size}`)
    ),
    metadatas: fields.map((field) => {
      const edit = configuration.metadatas?.[field]?.edit ?? {};
      return [field, edit.label, edit.description, edit.editable];
    }),
  });
}

/** Strapi's own first choice of an entry title: the first text field, here the Stager id. */
const STRAPI_DEFAULT_TITLE = 'stagerId';

/**
 * Gives the plugin's types an editor's layout in the Content Manager, where the site has not
 * changed it: on a type's first layout (Strapi's default, titled by `stagerId`), and afterwards
 * while the stored layout is still the one the plugin wrote last. Run at start and when the field
 * authorities change, since the descriptions say who writes each field.
 */
export async function applyEditorLayouts(strapi: Core.Strapi, policy: WritePolicy): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  if (!contentManager) return;
  const service = contentManager.service('content-types') as unknown as ContentTypesService;
  const sizes = contentManager.service('field-sizes') as unknown as {
    getFieldSize(type: string): { default: number };
  };
  const fieldSize = (attributeType: string) => {
    try {
      return sizes.getFieldSize(attributeType).default;
    } catch {
      return ROW_WIDTH;
    }
  };
  const store = strapi.store({ type: 'plugin', name: 'stager', key: 'editor-layouts' });
  const written = ((await store.get({})) ?? {}) as Record<string, string>;

  for (const type of Object.keys(LAYOUTS) as SyncedType[]) {
    const uid = ENTITY_UIDS[type];
    const fields = LAYOUTS[type].edit.map(({ field }) => field);
    try {
      const current = await service.findConfiguration({ uid });
      const untouched =
        written[uid] !== undefined
          ? projection(current, fields) === written[uid]
          : current.settings?.mainField === undefined ||
            current.settings.mainField === STRAPI_DEFAULT_TITLE;
      if (!untouched) continue;
      const attributes = strapi.contentType(uid as never).attributes as Record<
        string,
        { type: string }
      >;
      const next = editorConfiguration(
        type,
        attributes,
        policy.authorities()[type],
        policy.newEvents(),
        fieldSize,
        current,
        pluginConfig(strapi).i18n.enabled ? PER_LANGUAGE_FIELDS[type] : []
      );
      await service.updateConfiguration({ uid }, next);
      written[uid] = projection(await service.findConfiguration({ uid }), fields);
    } catch (error) {
      strapi.log.warn(
        `stager: the Content Manager layout of ${uid} was left as it is: ${errorMessage(error)}`
      );
    }
  }
  await store.set({ value: written });
  await lockOwnedComponents(strapi, policy.authorities()).catch((error) =>
    strapi.log.warn(`stager: the plugin's components were left as they are: ${errorMessage(error)}`)
  );
}
