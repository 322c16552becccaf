// Knex puts the whole statement, values included, before the database's own message.
const KNEX_STATEMENT = /^(?:insert|update|select|delete|with|create|alter|drop)\s[\s\S]* - /i;
const MAX_LENGTH = 500;

/**
 * The message of anything thrown, which need not be an Error: one line, without the statement
 * knex prefixes to database errors (it would copy payloads into logs and history rows).
 */
export function errorMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(KNEX_STATEMENT, '')
    .replace(/\s+/g, ' ')
    .trim();
  return message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH)}…` : message;
}
