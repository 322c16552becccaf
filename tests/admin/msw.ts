import { server } from '@strapi/strapi/admin/test';

/**
 * Strapi's test server answers the admin's requests during each test of the file. A request under
 * `prefix` that no handler answers fails the test; the admin's own requests may pass.
 */
export function failUnansweredRequestsUnder(prefix: string) {
  beforeAll(() =>
    server.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).pathname.startsWith(prefix)) print.error();
      },
    })
  );
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}
