// jsdom, with Node's own fetch, streams and abort signals put back: msw intercepts Node's fetch,
// and jsdom has none of its own (nor the realm of its Request, Response and AbortSignal).
const { TestEnvironment } = require('jest-environment-jsdom');

const NODE_GLOBALS = {
  fetch,
  Request,
  Response,
  Headers,
  ReadableStream,
  TransformStream,
  WritableStream,
  TextEncoder,
  TextDecoder,
  AbortController,
  AbortSignal,
  BroadcastChannel,
  structuredClone,
};

class JsdomWithNodeFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, NODE_GLOBALS);
  }
}

module.exports = JsdomWithNodeFetch;
