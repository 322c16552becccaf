import type { Core } from '@strapi/strapi';
import type { ColumnAttribute, ModelSchema, ModelTables, SchemaAttribute } from './types';

/** The schemas and tables of Strapi's models, with their scalar attributes read once per model. */
export interface Models {
  schemaOf(uid: string): ModelSchema;
  tablesOf(uid: string): ModelTables;
  /** The scalar attributes of `uid` with their columns. */
  columnAttributes(uid: string): ColumnAttribute[];
  /** The scalar attributes of `uid` by name. */
  scalarAttributes(uid: string): Map<string, SchemaAttribute>;
}

export const schemaOf = (strapi: Core.Strapi, uid: string): ModelSchema =>
  strapi.getModel(uid as never) as unknown as ModelSchema;

const isScalar = ({ type }: SchemaAttribute) =>
  type !== 'component' && type !== 'relation' && type !== 'media';

// Models are fixed once Strapi has loaded: each is read once, not once per row and field.
export function createModels(strapi: Core.Strapi): Models {
  const tablesOf = (uid: string) => strapi.db.metadata.get(uid) as unknown as ModelTables;
  const columnAttributesOf = new Map<string, ColumnAttribute[]>();
  const scalarAttributesOf = new Map<string, Map<string, SchemaAttribute>>();

  function columnAttributes(uid: string): ColumnAttribute[] {
    let known = columnAttributesOf.get(uid);
    if (known) return known;
    const { attributes } = tablesOf(uid);
    known = Object.entries(schemaOf(strapi, uid).attributes).flatMap(([name, attribute]) => {
      const column = attributes[name]?.columnName;
      return column && isScalar(attribute) ? [{ name, column, attribute }] : [];
    });
    columnAttributesOf.set(uid, known);
    return known;
  }

  function scalarAttributes(uid: string): Map<string, SchemaAttribute> {
    let byName = scalarAttributesOf.get(uid);
    if (!byName) {
      byName = new Map(columnAttributes(uid).map(({ name, attribute }) => [name, attribute]));
      scalarAttributesOf.set(uid, byName);
    }
    return byName;
  }

  return {
    schemaOf: (uid) => schemaOf(strapi, uid),
    tablesOf,
    columnAttributes,
    scalarAttributes,
  };
}
