import { loadConfig } from '../../config/env';
import { configProblems } from '../support/config-problems';

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
    const problems = configProblems({
      APP_PORT: 'eighty',
      TEMPORAL_ADDRESS: 'http://temporal:7233',
      SMTP_URL: 'mail.example',
      TEMPORAL_UI_URL: 'temporal',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^APP_PORT must be a whole number between 1 and 65535 \(got "eighty"\)/),
        expect.stringMatching(/^TEMPORAL_ADDRESS must be host:port, e\.g\. temporal\.internal:7233 \(no scheme\)/),
        expect.stringMatching(/^SMTP_URL must start with smtp:\/\/ or smtps:\/\//),
        expect.stringMatching(/^TEMPORAL_UI_URL must be the address people open the Temporal UI at/),
      ]),
    );
  });
});

describe('configuration: the Temporal connection', () => {
  const pem = __filename; // any readable file stands for a PEM file here: the contents are read, not checked

  test('is plain gRPC unless a TLS setting is given; an API key (Temporal Cloud) turns TLS on', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }).temporalConnection).toEqual({ address: 'temporal.internal:7233' });
    const cloud = loadConfig({ TEMPORAL_ADDRESS: 'council.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-from-the-cloud-console' });
    expect(cloud.temporalConnection).toMatchObject({ tls: {}, apiKey: 'key-from-the-cloud-console' });
  });

  test('mTLS reads the certificate, key and CA files, and checks the server against the name given', () => {
    const { tls } = loadConfig({
      TEMPORAL_TLS_CA_FILE: pem,
      TEMPORAL_TLS_CERT_FILE: pem,
      TEMPORAL_TLS_KEY_FILE: pem,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.council.gov.uk',
    }).temporalConnection;
    expect(tls?.serverNameOverride).toBe('temporal.council.gov.uk');
    expect(Buffer.from(tls!.clientCertPair!.crt).toString()).toContain('the Temporal connection');
  });

  test('a certificate without its key, a missing file and TLS switched off under a certificate are each refused by name', () => {
    const problems = configProblems({
      TEMPORAL_TLS: 'false',
      TEMPORAL_TLS_CERT_FILE: pem,
      TEMPORAL_TLS_CA_FILE: '/nowhere/ca.pem',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TEMPORAL_TLS_KEY_FILE is needed too: a client certificate \(mTLS\) is given as a certificate and its key/),
        expect.stringMatching(
          /^TEMPORAL_TLS_CA_FILE must be the path of the PEM file of the CA .* readable by this process \(got "\/nowhere\/ca.pem"\)/,
        ),
        expect.stringMatching(/^TEMPORAL_TLS cannot be false while TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE, TEMPORAL_API_KEY is set/),
      ]),
    );
    expect(problems.join('\n')).not.toContain('secret-key');
  });
});

describe('configuration in production', () => {
  const production = {
    NODE_ENV: 'production',
    PUBLIC_BASE_URL: 'https://cpe.northmere.gov.uk',
    MAIL_FROM: 'Democratic Services <democratic.services@northmere.gov.uk>',
    LINK_SIGNING_SECRET: 'a'.repeat(64),
    TRUST_PROXY: '1',
  };

  test('a council’s own settings start, believing only the proxies named', () => {
    expect(loadConfig(production)).toMatchObject({ publicBaseUrl: 'https://cpe.northmere.gov.uk', TRUST_PROXY: 1 });
  });

  test.each([
    ['PUBLIC_BASE_URL', undefined, /^PUBLIC_BASE_URL is required in production: the address members open emailed links at/],
    [
      'PUBLIC_BASE_URL',
      'http://localhost:3000',
      /^PUBLIC_BASE_URL must be the public address .* a local address would put a link only this machine can open/,
    ],
    ['PUBLIC_BASE_URL', 'http://127.0.0.1:3000', /^PUBLIC_BASE_URL must be the public address/],
    ['MAIL_FROM', undefined, /^MAIL_FROM must be your council's sending address in production/],
    [
      'MAIL_FROM',
      'Corporate Parenting Engine <corporate-parenting@northmere.example>',
      /^MAIL_FROM must be your council's sending address/,
    ],
    [
      'LINK_SIGNING_SECRET',
      undefined,
      /^LINK_SIGNING_SECRET is required in production; generate one with `openssl rand -hex 32` \(it is not set\)/,
    ],
    ['TRUST_PROXY', undefined, /^TRUST_PROXY must name the proxies in front of the app in production: their number \(e\.g\. 1\)/],
    ['TRUST_PROXY', 'true', /^TRUST_PROXY must name the proxies in front of the app/],
  ])('%s set to %s is refused, naming the variable and the fix', (variable, value, message) => {
    expect(configProblems({ ...production, [variable]: value })).toEqual([expect.stringMatching(message)]);
  });

  test('outside production the same defaults start, so a fresh clone runs without setup', () => {
    expect(configProblems({})).toEqual([]);
    expect(loadConfig({}).TRUST_PROXY).toBe(true);
  });
});
