export type Row = Record<string, unknown>;

export interface SchemaAttribute {
  type: string;
  component?: string;
  repeatable?: boolean;
  target?: string;
  mappedBy?: string;
  default?: unknown;
}

export interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

/** What Strapi's query engine knows of a model: its table and each attribute's column or link table. */
export interface ModelTables {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTable }>;
}

/** What a model's schema says of it. */
export interface ModelSchema {
  modelName: string;
  uid: string;
  attributes: Record<string, SchemaAttribute>;
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
}

/** A scalar attribute of a model, with its column. */
export interface ColumnAttribute {
  name: string;
  column: string;
  attribute: SchemaAttribute;
}

export interface ComponentField {
  field: string;
  component: string;
  repeatable: boolean;
  links: JoinTable;
}

export interface RelationField {
  field: string;
  target: string;
  links: JoinTable;
}

/** A link from an entry to one of its components, in the order Strapi reads them. */
export interface ComponentLink {
  linkId: number;
  componentId: number;
  order: number | null;
}

/** A link from an entry to a related entry. */
export interface RelationLink {
  linkId: number;
  entryId: number;
  targetId: number;
  documentId: string;
}
