const { createHmac, timingSafeEqual } = require('node:crypto');
const Bull = require('bull');

const unparsedBody = Symbol.for('unparsedBody');
const queue = new Bull('stager', process.env.REDIS_URL, { prefix: process.env.QUEUE_PREFIX });

module.exports = {
  async receive(ctx) {
    const expected = createHmac('sha256', process.env.STAGER_AUTH_TOKEN)
      .update(ctx.request.body[unparsedBody])
      .digest('hex');
    const signature = ctx.get('X-Signature');
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      return ctx.unauthorized('Invalid signature');
    }
    await queue.add(ctx.request.body);
    ctx.status = 202;
    ctx.body = { received: true };
  },
};
