import type { Core } from '@strapi/strapi';

const PUBLIC_READ_ACTIONS = [
  ...['event', 'location', 'organization'].flatMap((type) => [
    `plugin::stager.${type}.find`,
    `plugin::stager.${type}.findOne`,
  ]),
  // The site's own type that links to Stager events.
  'api::article.article.find',
  'api::article.article.findOne',
  // Schema.org structured data and the iCalendar feeds of the events.
  'plugin::stager.structured-data.find',
  'plugin::stager.structured-data.findOne',
  'plugin::stager.calendar.feed',
  'plugin::stager.calendar.eventFeed',
  // The Media Library files of the images, as `populate[mainImage][populate]=media` returns them.
  'plugin::upload.content-api.find',
  'plugin::upload.content-api.findOne',
];

/**
 * The playground lets anyone read synced events, as a public site would. The plugin itself
 * grants nothing: each site decides in Users & Permissions.
 */
async function grantPublicRead(strapi: Core.Strapi) {
  const publicRole = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  if (!publicRole) return;
  for (const action of PUBLIC_READ_ACTIONS) {
    const existing = await strapi.db
      .query('plugin::users-permissions.permission')
      .findOne({ where: { action, role: publicRole.id } });
    if (!existing) {
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action, role: publicRole.id } });
    }
  }
}

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await grantPublicRead(strapi);
  },
};
