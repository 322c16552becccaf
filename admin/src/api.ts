/**
 * The admin API's contract (request and answer types, message types, statuses, routes, actions)
 * is the server's own, in shared/: both bundles import it.
 */
export * from '../../shared';
import type { HistoryFilters } from '../../shared';

/** The one-line reason of a failed admin API call, as Strapi's error shape carries it. */
export function errorReason(error: unknown): string {
  const response = (error as { response?: { data?: { error?: { message?: string } } } }).response;
  return response?.data?.error?.message ?? (error instanceof Error ? error.message : String(error));
}

/** The query string of the filters that are set. */
export function filtersQuery(filters: HistoryFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}
