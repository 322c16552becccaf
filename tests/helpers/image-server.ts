import type { Core } from '@strapi/strapi';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** A real image of `width`×`height` in one colour, as PNG or JPEG bytes. */
export async function makeImage(
  format: 'png' | 'jpeg',
  colour: { r: number; g: number; b: number },
  width = 640,
  height = 480
): Promise<Buffer> {
  const canvas = sharp({ create: { width, height, channels: 3, background: colour } });
  return format === 'png' ? canvas.png().toBuffer() : canvas.jpeg().toBuffer();
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * A local HTTP server for the image tests: each path answers as its route says, and every
 * request is counted per path.
 */
export async function startImageServer(routes: Record<string, Route>) {
  const requests = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) return route(req, res);
    res.writeHead(404).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests: (path: string) => requests.get(path) ?? 0,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const serveBytes =
  (bytes: Buffer, contentType = 'application/octet-stream'): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
    res.end(bytes);
  };

/** Deletes every file of the site's Media Library from the upload provider (the playground's uploads/). */
export async function removeStoredFiles(strapi: Core.Strapi): Promise<void> {
  const files = await strapi.db.query('plugin::upload.file').findMany({});
  const upload = strapi.plugin('upload').service('upload') as {
    remove(file: unknown): Promise<unknown>;
  };
  for (const file of files) await upload.remove(file);
}
