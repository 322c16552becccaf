import { factories } from '@strapi/strapi';

export default {
  'content-api': factories.createCoreRouter('plugin::stager.event' as never, { only: ['find', 'findOne'] }),
};
