import { AUTHORITY_FIELDS, SYNCED_TYPES } from '../../shared/contracts/fields';
import {
  authorityViews,
  createWritePolicy,
  effectiveAuthorities,
  onceData,
  writableData,
} from '../../server/src/fields/field-authority';
import { editorConfiguration } from '../../server/src/fields/editor-layouts';
import { fieldAuthoritySchema, publicFieldsSchema } from '../../server/src/fields/field-options';
import { mapEvent, mapLocation, mapOrganization } from '../../server/src/store/mapping';
import eventSchema from '../../server/src/content-types/event/schema.json';
import { exampleEvent, organization, tolhuistuin } from '../../scripts/samples.mjs';

describe('the fields whose authority a site chooses', () => {
  it('are fields the mapping writes, for each synced type', () => {
    const mapped = {
      event: Object.keys(mapEvent(exampleEvent() as never)),
      location: Object.keys(mapLocation(tolhuistuin() as never)),
      organization: Object.keys(mapOrganization(organization() as never)),
    };
    for (const type of SYNCED_TYPES)
      for (const field of AUTHORITY_FIELDS[type]) expect(mapped[type]).toContain(field);
  });

  it('leave identity and bookkeeping to Stager', () => {
    for (const type of SYNCED_TYPES)
      for (const field of ['stagerId', 'raw', 'syncSequence', 'removedAt', 'organization'])
        expect(AUTHORITY_FIELDS[type]).not.toContain(field);
  });
});

describe('effective authorities', () => {
  it('take the config over the admin panel over the default', () => {
    const authorities = effectiveAuthorities(
      { event: { genre: 'editor' } },
      { event: { genre: 'once', subtitle: 'once' } }
    );
    expect(authorities.event).toMatchObject({ genre: 'editor', subtitle: 'once', name: 'stager' });
    expect(authorities.location.city).toBe('stager');
  });

  it('are shown with their source, read-only where the config sets them', () => {
    const views = authorityViews({ event: { genre: 'editor' } }, { event: { subtitle: 'once' } });
    expect(views.event.find(({ field }) => field === 'genre')).toEqual({
      field: 'genre',
      authority: 'editor',
      source: 'config',
      readOnly: true,
    });
    expect(views.event.find(({ field }) => field === 'subtitle')).toMatchObject({
      source: 'admin',
      readOnly: false,
    });
    expect(views.event.find(({ field }) => field === 'name')).toMatchObject({
      source: 'default',
    });
  });

  it('are computed again only when the config or the admin settings change', () => {
    let admin = {};
    const config = { fieldAuthority: {}, newEvents: 'publish' as const };
    const policy = createWritePolicy(
      () => config,
      () => admin
    );
    const first = policy.authorities();
    expect(policy.authorities()).toBe(first);
    admin = { event: { genre: 'editor' } };
    expect(policy.authorities()).not.toBe(first);
    expect(policy.authorities().event.genre).toBe('editor');
  });
});

describe('what the sync writes', () => {
  const authorities = { subtitle: 'once', genre: 'editor', name: 'stager' } as const;
  const data = { name: 'N', subtitle: 'S', genre: 'G', stagerId: 'ev-1', syncSequence: 3 };

  it('writes `once` fields only when creating, and never `editor` fields', () => {
    expect(writableData(authorities, data, true)).toEqual({
      name: 'N',
      subtitle: 'S',
      stagerId: 'ev-1',
      syncSequence: 3,
    });
    expect(writableData(authorities, data, false)).toEqual({
      name: 'N',
      stagerId: 'ev-1',
      syncSequence: 3,
    });
    expect(onceData(authorities, data)).toEqual({ subtitle: 'S' });
  });
});

describe('options', () => {
  it('refuse unknown types and fields, unknown authorities, and an editor-owned required field', () => {
    expect(fieldAuthoritySchema.safeParse({ event: { subtitle: 'once' } }).success).toBe(true);
    for (const wrong of [
      { venue: {} },
      { event: { stagerId: 'editor' } },
      { event: { subtitle: 'sometimes' } },
      { event: { start: 'editor' } },
      { location: { name: 'editor' } },
    ])
      expect(fieldAuthoritySchema.safeParse(wrong).success).toBe(false);
    expect(fieldAuthoritySchema.safeParse({ event: { start: 'once' } }).success).toBe(true);
  });

  it('accept public and private choices for the fields of the types and their components', () => {
    expect(
      publicFieldsSchema.safeParse({ event: { raw: true }, ticketType: { total: true } }).success
    ).toBe(true);
    expect(publicFieldsSchema.safeParse({ ticketType: { secret: true } }).success).toBe(false);
    expect(publicFieldsSchema.safeParse({ event: { raw: 'yes' } }).success).toBe(false);
  });
});

describe('the Content Manager layout', () => {
  const configuration = (authorities = {}) =>
    editorConfiguration(
      'event',
      eventSchema.attributes as Record<string, { type: string }>,
      authorities,
      'review',
      (type) => (['json', 'component', 'richtext'].includes(type) ? 12 : 6),
      { settings: { pageSize: 20 }, metadatas: {}, layouts: { list: [], edit: [] } }
    );

  it('titles events by name, keeps the site’s other settings, and fills rows of at most 12', () => {
    const { settings, layouts } = configuration();
    expect(settings).toMatchObject({ mainField: 'name', pageSize: 20 });
    for (const row of layouts.edit)
      expect(row.reduce((width, { size }) => width + size, 0)).toBeLessThanOrEqual(12);
    expect(layouts.edit.flat().map(({ name }) => name)).not.toContain('syncSequence');
  });

  it('says under each synced field who writes it, and makes Stager’s fields read-only', () => {
    const { metadatas } = configuration({ subtitle: 'once', genre: 'editor' });
    expect(metadatas.name.edit).toMatchObject({ editable: false });
    expect(metadatas.subtitle.edit).toMatchObject({ editable: true });
    expect(String(metadatas.genre.edit.description)).toContain('Stager never writes it');
    expect(String(metadatas.hidden.edit.description)).toContain('New events arrive hidden');
    expect(metadatas.raw.edit).toMatchObject({ editable: false });
  });

  it('leaves the words editable on a multilingual site, for translators, and says so', () => {
    const { metadatas } = editorConfiguration(
      'event',
      eventSchema.attributes as Record<string, { type: string }>,
      {},
      'publish',
      () => 6,
      {},
      ['name', 'text']
    );
    expect(metadatas.name.edit).toMatchObject({ editable: true });
    expect(String(metadatas.name.edit.description)).toMatch(
      /From Stager: every message overwrites it\. In the other languages, translators write it\./
    );
    expect(metadatas.start.edit).toMatchObject({ editable: false });
  });
});
