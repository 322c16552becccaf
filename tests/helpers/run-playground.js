'use strict';
// Boots a Strapi site in a process of its own and reports its port (see playground-process.ts):
// the playground, or the app directory (and its compiled directory) given as arguments.
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const playground = path.resolve(__dirname, '..', '..', 'playground');
const [appDir = playground, distDir = path.join(appDir, 'dist')] = process.argv.slice(2);

async function main() {
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  await strapi.listen();
  process.send({ port: strapi.server.httpServer.address().port });
  // SIGTERM: Strapi destroys itself and exits (its own signal handler).
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
