import { Writable } from 'node:stream';

import { createLogger } from '../../config/logger';
import { createApiToken } from '../../services/officers';
import { hashPassword } from '../../services/officer-auth';
import { OfficerBrowser } from '../support/officer-browser';
import { useTestCouncil } from '../support/services';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

// What the web app logs at info level, as production runs it: a member's link, an officer's password, session cookie
// and API token must never be among it, whoever sends what.

const council = useTestCouncil({ taskQueue: 'logs-test-no-worker' });
const logged: string[] = [];
let web: TestWebApp;
const PASSWORD = 'a password nobody should read in a log';
const MEMBER_LINK_TOKEN = 'eyJtZW1iZXIiOiJzZWNyZXQtbGluayJ9.c2lnbmF0dXJlLW9mLXRoZS1saW5r';
const SET_PASSWORD_TOKEN = 'set-password-token-that-must-stay-secret';

beforeAll(async () => {
  const collector = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  web = await serveTestWebApp(council.deps, { log: createLogger({ LOG_LEVEL: 'info' }, 'web', collector) });
  await council.db.officer.update({ where: { id: council.officer.officerId }, data: { passwordHash: await hashPassword(PASSWORD) } });
});

afterAll(async () => {
  await web?.close();
});

test('requests are logged by what was asked for, never with link tokens, passwords, cookies or API tokens', async () => {
  const officer = await council.db.officer.findUniqueOrThrow({ where: { id: council.officer.officerId }, include: { council: true } });
  const browser = new OfficerBrowser(web.baseUrl);
  const signedIn = await browser.signIn({ council: officer.council.slug, email: officer.email, password: PASSWORD });
  expect(signedIn.status).toBe(303);
  const sessionCookie = signedIn.headers
    .getSetCookie()
    .find((line) => line.startsWith('cpe_session='))!
    .split(';')[0]!
    .split('=')[1]!;
  expect((await browser.get('/emails')).status).toBe(200);

  const { token: apiToken } = await createApiToken(council.db, council.officer, { label: 'logs test' });
  expect((await fetch(`${web.baseUrl}/api/v1/meetings`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(200);
  for (const path of [`/m/${MEMBER_LINK_TOKEN}`, `/t/${MEMBER_LINK_TOKEN}?done=1`, `/set-password?token=${SET_PASSWORD_TOKEN}`]) {
    await fetch(`${web.baseUrl}${path}`);
  }

  const text = logged.join('');
  expect(text).toContain('"url":"/m/[token]"');
  expect(text).toContain('"url":"/t/[token]?done=1"');
  expect(text).toContain('"url":"/set-password?token=[token]"');
  for (const secret of [PASSWORD, sessionCookie, apiToken, MEMBER_LINK_TOKEN, SET_PASSWORD_TOKEN]) expect(text).not.toContain(secret);
});
