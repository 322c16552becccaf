import type { Transaction } from '../transaction';
import { chunksOf } from './rows';
import type {
  ComponentField,
  ComponentLink,
  JoinTable,
  ModelSchema,
  ModelTables,
  Row,
} from './types';

// The columns Strapi gives every component link table (`<table>_cmps`) besides its join columns.
const COMPONENT_FIELD_COLUMN = 'field';
const COMPONENT_TYPE_COLUMN = 'component_type';

/** The component fields of a model that `given` names, with their link tables. */
export function componentFields(
  schema: ModelSchema,
  { attributes }: ModelTables,
  given: (field: string) => boolean
): ComponentField[] {
  return Object.entries(schema.attributes).flatMap(([field, attribute]) =>
    attribute.type === 'component' && attribute.component && given(field)
      ? [
          {
            field,
            component: attribute.component,
            repeatable: Boolean(attribute.repeatable),
            links: attributes[field].joinTable as JoinTable,
          },
        ]
      : []
  );
}

/** The value of a component as a list, whether the field is repeatable or not. */
export const componentValues = ({ repeatable }: ComponentField, value: unknown): Row[] =>
  repeatable ? ((value as Row[] | null | undefined) ?? []) : value ? [value as Row] : [];

/** The `_cmps` row linking an entry to the component at `position` of one of its fields. */
export function componentLink(
  { field, component, repeatable, links }: ComponentField,
  entryId: number,
  componentId: number,
  position: number
): Row {
  return {
    [links.joinColumn.name]: entryId,
    [links.inverseJoinColumn.name]: componentId,
    [COMPONENT_FIELD_COLUMN]: field,
    [COMPONENT_TYPE_COLUMN]: component,
    ...(links.orderColumnName ? { [links.orderColumnName]: repeatable ? position + 1 : null } : {}),
  };
}

/** The component links of the entries, by entry and field, in the order Strapi reads them. */
export async function componentLinksOf(
  trx: Transaction,
  links: JoinTable,
  entryIds: number[]
): Promise<Map<number, Map<string, ComponentLink[]>>> {
  const { joinColumn, inverseJoinColumn, orderColumnName } = links;
  const byEntry = new Map<number, Map<string, ComponentLink[]>>();
  for (const chunk of chunksOf(entryIds)) {
    const query = trx(links.name).select('*').whereIn(joinColumn.name, chunk);
    if (orderColumnName) query.orderBy(orderColumnName, 'asc');
    for (const row of await query.orderBy('id', 'asc')) {
      const entryId = Number(row[joinColumn.name]);
      const fields = byEntry.get(entryId) ?? new Map<string, ComponentLink[]>();
      byEntry.set(entryId, fields);
      const field = row[COMPONENT_FIELD_COLUMN] as string;
      const order =
        orderColumnName && row[orderColumnName] !== null ? Number(row[orderColumnName]) : null;
      fields.set(field, [
        ...(fields.get(field) ?? []),
        { linkId: Number(row.id), componentId: Number(row[inverseJoinColumn.name]), order },
      ]);
    }
  }
  return byEntry;
}
