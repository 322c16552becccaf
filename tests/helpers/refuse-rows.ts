import type { Core } from '@strapi/strapi';
import { databaseClient } from './databases';

/** What the database answers when it refuses a row. */
export const REFUSAL = 'row refused by the test';

/**
 * Makes the database itself refuse to insert or update the rows of `table` whose `column` is
 * `value`, with a trigger: a statement that writes such a row fails whole, whatever other rows it
 * writes. Returns what lifts the refusal.
 */
export async function refuseRows(
  strapi: Core.Strapi,
  table: string,
  column: string,
  value: string | number
): Promise<() => Promise<void>> {
  const db = strapi.db.connection;
  const literal = typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
  const condition = `NEW.${column} = ${literal}`;
  const name = (event: string) => `stager_refuse_${event.toLowerCase()}s`;
  switch (databaseClient()) {
    case 'postgres':
      await db.raw(
        `CREATE FUNCTION stager_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`
      );
      await db.raw(
        `CREATE TRIGGER stager_refuse_rows BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION stager_refuse_row()`
      );
      return async () => {
        await db.raw(`DROP TRIGGER stager_refuse_rows ON ${table}`);
        await db.raw('DROP FUNCTION stager_refuse_row()');
      };
    case 'mysql':
      for (const event of ['INSERT', 'UPDATE'])
        await db.raw(
          `CREATE TRIGGER ${name(event)} BEFORE ${event} ON ${table} FOR EACH ROW BEGIN IF ${condition} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${REFUSAL}'; END IF; END`
        );
      break;
    default:
      for (const event of ['INSERT', 'UPDATE'])
        await db.raw(
          `CREATE TRIGGER ${name(event)} BEFORE ${event} ON ${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`
        );
  }
  return async () => {
    for (const event of ['INSERT', 'UPDATE']) await db.raw(`DROP TRIGGER ${name(event)}`);
  };
}
