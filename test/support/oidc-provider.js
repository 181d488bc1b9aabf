// A real OpenID Connect provider (oidc-provider) for the tests of signing in
// through a council's identity provider, run as its own process by
// test/support/oidc-provider.ts. It listens on a free local port, registers
// the one client it is given and signs in the accounts it is given, through
// oidc-provider's own development login and consent pages (any password).
// The issuer's address goes back to the test over IPC.
'use strict';
const { createServer } = require('node:http');

async function main() {
  // oidc-provider is an ES module only; import() loads it from CommonJS.
  const { default: Provider } = await import('oidc-provider');
  const { client, accounts } = JSON.parse(process.env.CPE_TEST_OIDC_PROVIDER ?? '{}');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The email in the ID token itself, as Entra ID sends it, rather than only from the userinfo endpoint.
    conformIdTokenClaims: false,
    findAccount: (_context, id) => accounts[id] && { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) },
    cookies: { keys: ['test provider cookie key: not a secret'] },
  });
  server.on('request', provider.callback());
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.send({ issuer });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
