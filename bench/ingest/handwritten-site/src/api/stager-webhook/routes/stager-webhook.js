module.exports = {
  routes: [
    {
      method: 'POST',
      path: '/stager-webhook',
      handler: 'stager-webhook.receive',
      config: { auth: false },
    },
  ],
};
