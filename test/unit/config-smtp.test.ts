import { loadConfig } from '../../config/env';
import { configProblems } from '../support/config-problems';

const OAUTH2 = {
  SMTP_URL: 'smtp://smtp.office365.com:587',
  SMTP_OAUTH2_USER: 'democratic.services@council.gov.uk',
  SMTP_OAUTH2_CLIENT_ID: '00000000-1111-2222-3333-444444444444',
  SMTP_OAUTH2_CLIENT_SECRET: 'client-secret-from-entra',
  SMTP_OAUTH2_TOKEN_URL: 'https://login.microsoftonline.com/council-tenant/oauth2/v2.0/token',
};

describe('the SMTP relay settings', () => {
  test('STARTTLS is optional unless required, and OAuth 2.0 sign-in defaults to Microsoft 365 app-only scope', () => {
    expect(loadConfig({}).smtp).toEqual({ requireTls: false, oauth2: undefined });
    expect(loadConfig({ ...OAUTH2, SMTP_REQUIRE_TLS: 'true' }).smtp).toEqual({
      requireTls: true,
      oauth2: {
        user: 'democratic.services@council.gov.uk',
        clientId: '00000000-1111-2222-3333-444444444444',
        clientSecret: 'client-secret-from-entra',
        tokenUrl: 'https://login.microsoftonline.com/council-tenant/oauth2/v2.0/token',
        refreshToken: undefined,
        scope: 'https://outlook.office365.com/.default',
      },
    });
  });

  test('OAuth 2.0 settings given in part name each missing one; none of the secrets is echoed', () => {
    const problems = configProblems({ SMTP_OAUTH2_USER: OAUTH2.SMTP_OAUTH2_USER, SMTP_OAUTH2_CLIENT_SECRET: 'a-secret-value' });
    expect(problems).toEqual([
      expect.stringMatching(/^SMTP_OAUTH2_CLIENT_ID is needed too: OAuth 2\.0 sign-in to the relay takes the mailbox, client id/),
      expect.stringMatching(/^SMTP_OAUTH2_TOKEN_URL is needed too/),
    ]);
  });

  test('a password in SMTP_URL beside OAuth 2.0 is refused without showing it', () => {
    const problems = configProblems({ ...OAUTH2, SMTP_URL: 'smtp://user:hunter2@smtp.office365.com:587' });
    expect(problems).toEqual([expect.stringMatching(/^SMTP_URL must not carry a password when SMTP_OAUTH2_\* is set/)]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  test('SMTP_REQUIRE_TLS takes only true or false', () => {
    expect(configProblems({ SMTP_REQUIRE_TLS: 'yes' })).toEqual([expect.stringMatching(/^SMTP_REQUIRE_TLS must be true or false/)]);
  });
});
