module.exports = {
  auth: { secret: 'bench-admin-jwt-secret' },
  apiToken: { salt: 'bench-api-token-salt' },
  transfer: { token: { salt: 'bench-transfer-token-salt' } },
  secrets: { encryptionKey: 'bench-encryption-key-0123456789ab' },
};
