import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { request, type Answer } from './http';

export interface AdminSession {
  email: string;
  jwt: string;
  /** Calls an admin route (e.g. `/stager/settings`) with this user's JWT; `body` is sent as JSON. */
  call(method: string, path: string, body?: unknown): Promise<Answer>;
}

/** The part of Strapi's `admin::role` service these helpers use. */
interface RoleService {
  getSuperAdmin(): Promise<{ id: number }>;
  create(role: { name: string; description: string }): Promise<{ id: number }>;
  assignPermissions(
    roleId: number,
    permissions: Array<{
      action: string;
      subject: string | null;
      conditions: string[];
      properties: object;
    }>
  ): Promise<unknown>;
}

export const ADMIN_TEST_PASSWORD = 'Stager-test-password-1';

/**
 * Creates an admin user through Strapi's own services, with a role of its own holding exactly
 * `actions` (or the Super Admin role), and logs it in over HTTP.
 */
export async function adminSession(
  strapi: Core.Strapi,
  baseUrl: string,
  actions: Array<string | { action: string; subject: string }> | 'super-admin'
): Promise<AdminSession> {
  const roles = strapi.service('admin::role') as unknown as RoleService;
  const suffix = randomBytes(4).toString('hex');
  let roleId: number;
  if (actions === 'super-admin') {
    roleId = (await roles.getSuperAdmin()).id;
  } else {
    const role = await roles.create({
      name: `Stager test ${suffix}`,
      description: `actions: ${actions.map((action) => (typeof action === 'string' ? action : `${action.action} on ${action.subject}`)).join(', ') || 'none'}`,
    });
    await roles.assignPermissions(
      role.id,
      actions.map((action) => ({
        ...(typeof action === 'string' ? { action, subject: null } : action),
        conditions: [],
        properties: {},
      }))
    );
    roleId = role.id;
  }
  const email = `stager-${suffix}@example.org`;
  await (
    strapi.service('admin::user') as unknown as {
      create(user: Record<string, unknown>): Promise<unknown>;
    }
  ).create({
    firstname: 'Stager',
    lastname: suffix,
    email,
    password: ADMIN_TEST_PASSWORD,
    isActive: true,
    roles: [roleId],
  });
  const login = await request(`${baseUrl}/admin/login`, {
    body: JSON.stringify({ email, password: ADMIN_TEST_PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
  const jwt = login.json.data.token as string;

  return {
    email,
    jwt,
    call(method, path, body) {
      return request(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${jwt}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}
