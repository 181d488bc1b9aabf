import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createSmtpMailer, type OutgoingEmail, type SmtpOAuth2 } from '../../email/mailer';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const MAILBOX = 'democratic.services@testshire.example';
const ACCESS_TOKEN = 'access-token-from-the-identity-provider';

/** A token endpoint standing in for Microsoft's or Google's: it answers with ACCESS_TOKEN and keeps every request's form. */
let tokenEndpoint: http.Server;
let tokenRequests: URLSearchParams[];
let sink: SmtpSink;

beforeAll(async () => {
  tokenEndpoint = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      tokenRequests.push(new URLSearchParams(body));
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => tokenEndpoint.listen(0, '127.0.0.1', resolve));
  sink = await startSmtpSink({ xoauth2: { user: MAILBOX, accessToken: ACCESS_TOKEN } });
});

beforeEach(() => {
  tokenRequests = [];
});

afterAll(async () => {
  await sink?.stop();
  await new Promise((resolve) => tokenEndpoint?.close(resolve));
});

const oauth2 = (extra: Partial<SmtpOAuth2> = {}): SmtpOAuth2 => ({
  user: MAILBOX,
  clientId: 'engine-app-id',
  clientSecret: 'engine-app-secret',
  tokenUrl: `http://127.0.0.1:${(tokenEndpoint.address() as AddressInfo).port}/oauth2/v2.0/token`,
  scope: 'https://outlook.office365.com/.default',
  ...extra,
});

const email = (subject: string): OutgoingEmail => ({
  messageId: `<${subject.replace(/\W/g, '-')}@cpe.test>`,
  from: MAILBOX,
  to: { address: 'cllr.ahmed@testshire.example' },
  subject,
  html: `<p>${subject}</p>`,
  text: subject,
});

test('with Microsoft 365 app-only sign-in, the engine gets a token by client credentials once and sends with it', async () => {
  const mailer = createSmtpMailer(sink.url, { oauth2: oauth2() });
  try {
    await mailer.send(email('Reg 33 visit reminder'));
    await mailer.send(email('Training renewal reminder'));
  } finally {
    mailer.close();
  }
  expect(sink.to('cllr.ahmed@testshire.example').map((message) => message.subject)).toEqual(
    expect.arrayContaining(['Reg 33 visit reminder', 'Training renewal reminder']),
  );
  expect(tokenRequests).toHaveLength(1);
  expect(Object.fromEntries(tokenRequests[0]!)).toEqual({
    grant_type: 'client_credentials',
    client_id: 'engine-app-id',
    client_secret: 'engine-app-secret',
    scope: 'https://outlook.office365.com/.default',
  });
});

test('with a delegated refresh token (Google Workspace), the token is renewed from it', async () => {
  const mailer = createSmtpMailer(sink.url, { oauth2: oauth2({ refreshToken: 'refresh-token-from-consent' }) });
  try {
    await mailer.send(email('Pledge event invitation'));
  } finally {
    mailer.close();
  }
  expect(sink.to('cllr.ahmed@testshire.example').map((message) => message.subject)).toContain('Pledge event invitation');
  expect(tokenRequests.map((form) => [form.get('grant_type'), form.get('refresh_token')])).toEqual([
    ['refresh_token', 'refresh-token-from-consent'],
  ]);
});

test('a relay that does not offer STARTTLS is refused when TLS is required, and nothing is sent', async () => {
  const before = sink.messages.length;
  const mailer = createSmtpMailer(sink.url, { requireTls: true, oauth2: oauth2() });
  try {
    await expect(mailer.send(email('Not over plain text'))).rejects.toThrow(/STARTTLS/);
  } finally {
    mailer.close();
  }
  expect(sink.messages).toHaveLength(before);
});
