import { readFileSync } from 'node:fs';
import { SYNCED_TYPES } from '../../shared/contracts/fields';
import { PER_LANGUAGE_FIELDS } from '../../shared/contracts/translations';
import { ENTITY_UIDS } from '../../server/src/store/entity-types';
import path from 'node:path';
import { mapEvent, mapLocation, mapOrganization } from '../../server/src/store/mapping';
import { CONTENT_TYPE_FIELDS } from '../../scripts/lib/field-descriptions.mjs';
import {
  descriptionProblems,
  END_MARKER,
  FIELD_REFERENCE_PAGE,
  loadSchemas,
  renderFieldReference,
  START_MARKER,
} from '../../scripts/lib/field-reference.mjs';
import { exampleEvent, organization, tolhuistuin } from '../../scripts/samples.mjs';

const page = readFileSync(path.join(__dirname, '../..', FIELD_REFERENCE_PAGE), 'utf8');

describe('field reference in docs/front-end.md', () => {
  it('is the one generated from the schemas (npm run docs:fields)', () => {
    expect(FIELD_REFERENCE_PAGE).toBe('docs/front-end.md');
    const copy = page.slice(
      page.indexOf(START_MARKER) + START_MARKER.length,
      page.indexOf(END_MARKER)
    );
    expect(page.indexOf(START_MARKER)).toBeGreaterThan(0);
    expect(copy).toBe(`\n${renderFieldReference()}\n`);
  });

  it('describes every public field of every schema, and no field they lack', () => {
    expect(descriptionProblems()).toEqual([]);
  });

  it('fails on a schema field without a description', () => {
    const schemas = loadSchemas();
    schemas['plugin::stager.event'].attributes.newField = { type: 'string' };
    schemas['stager.image'].attributes.caption = { type: 'string' };
    expect(descriptionProblems(schemas)).toEqual([
      'plugin::stager.event.newField has no description',
      'stager.image.caption has no description',
    ]);
    expect(() => renderFieldReference(schemas)).toThrow(/newField has no description/);
  });

  it('marks per language exactly the fields the plugin localizes', () => {
    for (const type of SYNCED_TYPES) {
      const described = CONTENT_TYPE_FIELDS[ENTITY_UIDS[type]] as Record<
        string,
        { perLanguage?: boolean }
      >;
      const marked = Object.keys(described).filter((name) => described[name].perLanguage);
      expect({ type, marked }).toEqual({ type, marked: [...PER_LANGUAGE_FIELDS[type]] });
    }
  });

  it('credits to Stager the fields the mapping and the writers set, and to editors none of them', () => {
    // Set by the writers beside the mapping: links, the soft-removal mark and the receipt order.
    const setBesideTheMapping = [
      'organization',
      'location',
      'locations',
      'events',
      'removedAt',
      'syncSequence',
      'translation',
    ];
    const mapped = {
      'plugin::stager.event': Object.keys(mapEvent(exampleEvent() as never)),
      'plugin::stager.location': Object.keys(mapLocation(tolhuistuin() as never)),
      'plugin::stager.organization': Object.keys(mapOrganization(organization() as never)),
    };
    for (const [uid, fields] of Object.entries(mapped)) {
      const described = CONTENT_TYPE_FIELDS[uid as keyof typeof CONTENT_TYPE_FIELDS] as Record<
        string,
        { writer: string }
      >;
      const byEditors = Object.keys(described).filter(
        (name) => described[name].writer === 'editor'
      );
      expect({
        uid,
        unknownOrEditor: fields.filter((name) => described[name]?.writer !== 'sync'),
      }).toEqual({ uid, unknownOrEditor: [] });
      expect({
        uid,
        mappedEditorFields: byEditors.filter((name) => fields.includes(name)),
      }).toEqual({ uid, mappedEditorFields: [] });
      const bySyncNotMapped = Object.keys(described).filter(
        (name) => described[name].writer === 'sync' && !fields.includes(name)
      );
      expect({
        uid,
        unexplained: bySyncNotMapped.filter((name) => !setBesideTheMapping.includes(name)),
      }).toEqual({ uid, unexplained: [] });
    }
  });
});
