/** GET /api/stager/metrics: outside Users & Permissions, guarded by its own bearer token (see the controller). */
export const metricsRoutes = {
  type: 'content-api',
  routes: [{ method: 'GET', path: '/metrics', handler: 'metrics.scrape', config: { auth: false } }],
};
