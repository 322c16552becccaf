import type { Core } from '@strapi/strapi';

/** Columns renamed between versions: moved before Strapi syncs the schema, which would drop them. */
const RENAMED_COLUMNS = [
  // 0.2.0: the event's Stager status no longer collides with Strapi 5's draft/published `status`.
  { table: 'stager_events', from: 'status', to: 'event_status' },
];

/** Registers the renames to run before each schema sync; a rename already done is skipped. */
export function renameColumnsBeforeSync(strapi: Core.Strapi): void {
  strapi.hook('strapi::content-types.beforeSync').register(async () => {
    // Each statement needs a schema builder of its own.
    const schema = () => strapi.db.getSchemaConnection();
    for (const { table, from, to } of RENAMED_COLUMNS) {
      if (!(await schema().hasTable(table))) continue;
      if (!(await schema().hasColumn(table, from)) || (await schema().hasColumn(table, to)))
        continue;
      await schema().alterTable(table, (columns) => columns.renameColumn(from, to));
      strapi.log.info(`stager: column ${table}.${from} renamed to ${to}`);
    }
  });
}
