// Playground defaults only: a real host app sets these secrets in its environment.
module.exports = ({ env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'invoicing-playground-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'invoicing-playground-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'invoicing-playground-transfer-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'invoicing-playground-encryption-key') },
  flags: { nps: false, promoteEE: false },
});
