'use strict';
// Boots the playground in a process of its own (see playground-process.ts) and reports its port.
const path = require('node:path');
const { createStrapi } = require('@strapi/strapi');

const playground = path.resolve(__dirname, '..', '..', 'playground');

async function main() {
  const strapi = createStrapi({ appDir: playground, distDir: path.join(playground, 'dist'), autoReload: false, serveAdminPanel: false });
  await strapi.load();
  await strapi.listen();
  process.send({ port: strapi.server.httpServer.address().port });
  process.once('SIGTERM', () => strapi.destroy().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
