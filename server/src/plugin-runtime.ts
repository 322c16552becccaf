import type { Core } from '@strapi/strapi';
import type { Runtime } from './runtime';

export const runtimeOf = (strapi: Core.Strapi): Runtime => strapi.plugin('stager').service('runtime') as Runtime;
