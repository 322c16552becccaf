// `@strapi/strapi/admin-test` (Strapi's own render with the admin's providers) reads its default
// permissions from Strapi's private `@strapi/admin-test-utils`; these tests grant their own.
module.exports = { fixtures: { permissions: { app: {}, allPermissions: [] } } };
