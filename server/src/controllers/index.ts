import { factories } from '@strapi/strapi';

export default {
  event: factories.createCoreController('plugin::stager.event' as never),
};
