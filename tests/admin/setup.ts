// What the admin panel finds in a browser and jsdom lacks.

// What the admin's index.html tells the panel about the server.
Object.assign(window, {
  strapi: {
    backendURL: 'http://localhost:1337',
    isEE: false,
    features: { isEnabled: () => false },
    future: { isEnabled: () => false },
    flags: { nps: false, promoteEE: false },
    projectType: 'Community',
    telemetryDisabled: true,
  },
});

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver = NoResizeObserver;
window.IntersectionObserver = NoResizeObserver as unknown as typeof IntersectionObserver;
window.HTMLElement.prototype.scrollIntoView = () => undefined;
window.HTMLElement.prototype.hasPointerCapture = () => false;
window.HTMLElement.prototype.releasePointerCapture = () => undefined;
window.scrollTo = () => undefined;
