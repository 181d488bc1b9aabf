import { ConfigError, loadConfig } from '../../config/env';

describe('configuration', () => {
  test('with nothing set, the embedded local stack is used on the documented ports', () => {
    const config = loadConfig({}, '/srv/cpe');
    expect(config).toMatchObject({
      databaseUrl: 'postgres://postgres:postgres@127.0.0.1:5488/cpe',
      temporalAddress: '127.0.0.1:7233',
      smtpUrl: 'smtp://127.0.0.1:1025',
      publicBaseUrl: 'http://localhost:3000',
      dataDir: '/srv/cpe/.data',
      embedded: { postgres: true, temporal: true, mail: true },
    });
  });

  test('given URLs replace the embedded parts', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://cpe@db.internal/cpe',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      SMTP_URL: 'smtp://relay.internal:587',
    });
    expect(config.embedded).toEqual({ postgres: false, temporal: false, mail: false });
  });

  test('every wrong value is reported at once, naming the variable, the problem and the fix', () => {
    let error: unknown;
    try {
      loadConfig({ APP_PORT: 'eighty', TEMPORAL_ADDRESS: 'http://temporal:7233', SMTP_URL: 'mail.example', NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^APP_PORT must be a whole number between 1 and 65535 \(got "eighty"\)/),
        expect.stringMatching(/^TEMPORAL_ADDRESS must be host:port, e\.g\. temporal\.internal:7233 \(no scheme\)/),
        expect.stringMatching(/^SMTP_URL must start with smtp:\/\/ or smtps:\/\//),
        expect.stringMatching(/^LINK_SIGNING_SECRET is required in production; generate one with `openssl rand -hex 32` \(it is not set\)/),
      ]),
    );
  });
});
