// Strapi's default middlewares, with the body parser keeping the unparsed body for the signature
// check and accepting the feed's large messages: the change Strapi's docs lead to.
module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  { name: 'strapi::body', config: { includeUnparsed: true, jsonLimit: '50mb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
