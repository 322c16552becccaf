// The field reference of docs/front-end.md, generated from the content-type and component schemas
// and the descriptions in field-descriptions.mjs. `npm run docs:fields` writes it between the markers;
// tests/unit/field-reference.test.ts fails when that copy differs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPONENT_FIELDS, CONTENT_TYPE_FIELDS } from './field-descriptions.mjs';

export const START_MARKER = '<!-- fields:start -->';
export const END_MARKER = '<!-- fields:end -->';
/** The page, relative to the repository, that holds the reference between the markers. */
export const FIELD_REFERENCE_PAGE = 'docs/front-end.md';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONTENT_TYPES = [
  ['plugin::stager.event', 'events'],
  ['plugin::stager.location', 'locations'],
  ['plugin::stager.organization', 'organizations'],
];
const COMPONENTS = ['image', 'video', 'space', 'program-item', 'ticket-type', 'event-group'];

const readJson = (file) => JSON.parse(readFileSync(path.join(repo, file), 'utf8'));

/** The schemas the reference is made from: `{ uid: schema }`, content types then components. */
export function loadSchemas() {
  /** @type {Record<string, { info: { displayName: string, description?: string }, attributes: Record<string, Record<string, unknown>> }>} */
  const schemas = {};
  for (const [uid] of CONTENT_TYPES)
    schemas[uid] = readJson(`server/src/content-types/${uid.split('.')[1]}/schema.json`);
  for (const name of COMPONENTS)
    schemas[`stager.${name}`] = readJson(`server/src/components/${name}.json`);
  return schemas;
}

/** Every field of a schema; private ones (see `publicFields` in docs/configuration.md) never leave Strapi. */
const fieldsOf = (schema) => Object.entries(schema.attributes);
const shown = (attribute) => (attribute.private ? 'no' : 'yes');

/** Schema fields without a description and descriptions without a field, as readable lines. */
export function descriptionProblems(schemas = loadSchemas()) {
  const problems = [];
  const described = { ...CONTENT_TYPE_FIELDS, ...COMPONENT_FIELDS };
  for (const [uid, schema] of Object.entries(schemas)) {
    const descriptions = described[uid] ?? {};
    const fields = fieldsOf(schema).map(([name]) => name);
    for (const name of fields)
      if (!descriptions[name]) problems.push(`${uid}.${name} has no description`);
    for (const name of Object.keys(descriptions))
      if (!fields.includes(name))
        problems.push(`${uid}.${name} is described but is not a field of the schema`);
  }
  return problems;
}

const componentAnchor = (uid) => `component-${uid.replace('.', '-')}`;

function typeOf(attribute) {
  switch (attribute.type) {
    case 'component': {
      const link = `[${attribute.component.split('.')[1]}](#${componentAnchor(attribute.component)})`;
      return attribute.repeatable ? `list of ${link}` : link;
    }
    case 'relation': {
      const target = attribute.target.split('.')[1];
      return attribute.relation.endsWith('ToMany')
        ? `relation: list of ${target}`
        : `relation: ${target}`;
    }
    case 'datetime':
      return 'datetime (ISO 8601, UTC)';
    case 'richtext':
      return 'rich text (Markdown)';
    case 'json':
      return 'JSON';
    default:
      return attribute.type;
  }
}

function notes(attribute) {
  const parts = [];
  if (attribute.required) parts.push('required');
  if (attribute.unique) parts.push('unique');
  if (attribute.default !== undefined)
    parts.push(`default \`${JSON.stringify(attribute.default)}\``);
  return parts.map((part) => `, ${part}`).join('');
}

const cell = (text) => text.replaceAll('|', '\\|');
const WRITERS = { sync: 'Stager', editor: 'editors' };

/** The reference as Markdown, without the markers. */
export function renderFieldReference(schemas = loadSchemas()) {
  const problems = descriptionProblems(schemas);
  if (problems.length) throw new Error(`field reference incomplete:\n${problems.join('\n')}`);
  const out = [];
  out.push(
    'Generated from the schemas by `npm run docs:fields`; a unit test fails if it differs from them.',
    "Besides these fields every entry has Strapi's own `id`, `documentId`, `createdAt`, `updatedAt`",
    'and `publishedAt`. Relations and components are returned only when asked for with `populate`.',
    '"public" says whether REST and GraphQL return the field by default; `publicFields` changes it.',
    '"written by" is the default: `fieldAuthority` hands a mapped field to editors, once or always.',
    '"per language": with `i18n.enabled`, the field has a value per locale ([Multilingual sites](translators.md));',
    'every other field has one value in all locales.',
    ''
  );
  for (const [uid, route] of CONTENT_TYPES) {
    const schema = schemas[uid];
    out.push(`### ${schema.info.displayName} (\`${uid}\`, \`/api/stager/${route}\`)`, '');
    out.push(
      '| field | type | written by | public | per language | meaning |',
      '| --- | --- | --- | --- | --- | --- |'
    );
    for (const [name, attribute] of fieldsOf(schema)) {
      const { writer, description, perLanguage } = CONTENT_TYPE_FIELDS[uid][name];
      out.push(
        `| \`${name}\` | ${cell(typeOf(attribute))}${notes(attribute)} | ${WRITERS[writer]} | ${shown(attribute)} | ${perLanguage ? 'yes' : ''} | ${cell(description)} |`
      );
    }
    out.push('');
  }
  for (const name of COMPONENTS) {
    const uid = `stager.${name}`;
    const schema = schemas[uid];
    out.push(`<a id="${componentAnchor(uid)}"></a>`, `### Component \`${uid}\``, '');
    if (schema.info.description) out.push(schema.info.description, '');
    out.push('| field | type | public | meaning |', '| --- | --- | --- | --- |');
    for (const [field, attribute] of fieldsOf(schema)) {
      out.push(
        `| \`${field}\` | ${cell(typeOf(attribute))}${notes(attribute)} | ${shown(attribute)} | ${cell(COMPONENT_FIELDS[uid][field])} |`
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The page (docs/front-end.md) with the reference between the markers replaced by `reference`. */
export function withFieldReference(page, reference) {
  const start = page.indexOf(START_MARKER);
  const end = page.indexOf(END_MARKER);
  if (start < 0 || end < start)
    throw new Error(`the page needs ${START_MARKER} followed by ${END_MARKER}`);
  return `${page.slice(0, start + START_MARKER.length)}\n${reference}\n${page.slice(end)}`;
}
