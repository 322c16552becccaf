module.exports = {
  'users-permissions': { config: { jwtSecret: 'bench-users-permissions-jwt-secret' } },
};
