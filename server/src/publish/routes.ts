/**
 * Structured data and calendar feeds: content-API routes, each its own Users & Permissions action
 * (`plugin::stager.structured-data.find`, `.findOne`, `plugin::stager.calendar.feed`,
 * `.eventFeed`), off until a site grants it.
 */
export const publishRoutes = {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/structured-data', handler: 'structured-data.find', config: {} },
    {
      method: 'GET',
      path: '/events/:documentId/structured-data',
      handler: 'structured-data.findOne',
      config: {},
    },
    { method: 'GET', path: '/calendar.ics', handler: 'calendar.feed', config: {} },
    {
      method: 'GET',
      path: '/events/:documentId/calendar.ics',
      handler: 'calendar.eventFeed',
      config: {},
    },
  ],
};
