import { Client, Connection } from '@temporalio/client';

import { signIn } from '../../services/officer-auth';
import { createApiToken } from '../../services/officers';
import { TEST_LINK_SECRET } from '../support/activities';
import { runCli } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { passwordLinkToken, setPasswordThroughLink } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { recipientOf, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

/*
 * A council from nothing: the operator creates it at the command line on an
 * empty database, its first admin chooses a password through the emailed
 * link, and the link then works no more. The web app reads the same database
 * on a clock the tests move, so a link's 72 hours pass without waiting.
 */

let database: TestDatabase;
let sink: SmtpSink;
let web: TestWebApp;
let connection: Connection;
let now = new Date();

beforeAll(async () => {
  database = await createTestDatabase();
  sink = await startSmtpSink();
  connection = await Connection.connect({ address: process.env.CPE_TEST_TEMPORAL_ADDRESS });
  web = await serveTestWebApp({
    db: database.db,
    temporal: new Client({ connection }),
    taskQueue: 'councils-test',
    clock: () => now,
    linkSecret: TEST_LINK_SECRET,
  });
});

afterAll(async () => {
  await web?.close();
  await connection?.close();
  await sink?.stop();
  await database?.drop();
});

/** `cpe <args>` sending its email to the sink. */
const cpe = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { databaseUrl: database.url, env: { SMTP_URL: sink.url, ...env } });

const CREATE = [
  'councils',
  'create',
  '--slug',
  'testshire',
  '--name',
  'Testshire County Council',
  '--alerts-email',
  'democratic.services@testshire.example',
  '--admin-email',
  'Alex.Admin@testshire.example',
  '--admin-name',
  'Alex Admin',
  '--reply-to',
  'replies@testshire.example',
];

let adminToken: string;

test('councils list on an empty database says there are none, and how to create one', async () => {
  const run = await cpe(['councils', 'list']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain('No councils yet. Create one with `cpe councils create`.');
});

test('councils create makes the council, its admin and the standard set-up, and prints the link it emails to the admin', async () => {
  const run = await cpe(CREATE);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain(
    'Created Testshire County Council (testshire), with Alex Admin <alex.admin@testshire.example> as its admin.',
  );
  adminToken = passwordLinkToken(run.stdout)!;
  expect(adminToken).toBeDefined();

  const [email] = await sink.waitForMessages(1);
  expect(recipientOf(email!)).toBe('alex.admin@testshire.example');
  expect(email!.replyTo?.value[0]?.address).toBe('replies@testshire.example');
  expect(passwordLinkToken(email!.text ?? '')).toBe(adminToken);
  // The outbox's copy of the email no longer holds a working link.
  const stored = await database.db.notification.findFirstOrThrow({ where: { toAddress: 'alex.admin@testshire.example' } });
  expect(`${stored.html}${stored.text}`).not.toContain(adminToken);
  expect(stored.text).toContain('/set-password (link removed from this copy once sent)');

  const council = await database.db.council.findUniqueOrThrow({
    where: { slug: 'testshire' },
    include: { courses: true, panels: true, reportDuties: true, officers: true },
  });
  expect(council).toMatchObject({ municipalYearStartMonth: 5, replyToEmail: 'replies@testshire.example' });
  expect(council.officers).toEqual([expect.objectContaining({ role: 'ADMIN', passwordHash: null, active: true })]);
  expect(council.courses.map((course) => course.key).sort()).toEqual([
    'corporate-parenting-induction',
    'dbs-check',
    'performance-data',
    'safeguarding-seminar',
  ]);
  expect(council.panels.map((panel) => panel.key).sort()).toEqual(['corporate-parenting', 'cyp-scrutiny']);
  expect(council.reportDuties.map((duty) => duty.key).sort()).toEqual([
    'compliance-overview',
    'rec41-six-monthly',
    'reg33-quarterly',
    'training-annual',
  ]);
  // Each duty has its schedule, made as for a duty registered by hand.
  const schedules = [];
  for await (const schedule of new Client({ connection }).schedule.list()) schedules.push(schedule.scheduleId);
  for (const duty of council.reportDuties) expect(schedules.some((id) => id.includes(duty.id))).toBe(true);
});

test('a second council with the same slug is refused, naming the slug and the fix', async () => {
  const run = await cpe(CREATE);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('slug: "testshire" is already used by Testshire County Council; choose another');
});

test('councils list shows each council with its alerts address, officers and the day it was created', async () => {
  const run = await cpe(['councils', 'list']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(
    /^testshire +Testshire County Council +democratic\.services@testshire\.example +1 +(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+ \d{4} at /m,
  );
});

test('the emailed link sets the password once: the admin can sign in, and the link is refused the second time', async () => {
  const page = await fetch(`${web.baseUrl}/set-password?token=${adminToken}`);
  expect(page.status).toBe(200);
  expect(await textOf(page)).toContain('Alex Admin, Testshire County Council');

  const mismatched = await setPasswordThroughLink(web.baseUrl, adminToken, 'kettle orbit meadow lantern', 'kettle orbit meadow');
  expect(mismatched.status).toBe(400);
  expect(await textOf(mismatched)).toContain('does not match the new password');

  const done = await setPasswordThroughLink(web.baseUrl, adminToken, 'kettle orbit meadow lantern');
  expect(done.status).toBe(200);
  expect(await textOf(done)).toContain('Your password is set');
  const { session } = await signIn(
    database.db,
    { council: 'testshire', email: 'alex.admin@testshire.example', password: 'kettle orbit meadow lantern' },
    now,
  );
  expect(session.actor.role).toBe('ADMIN');

  const again = await fetch(`${web.baseUrl}/set-password?token=${adminToken}`);
  expect(again.status).toBe(410);
  expect(await textOf(again)).toContain('This link has already been used');
  expect((await setPasswordThroughLink(web.baseUrl, adminToken, 'another long password')).status).toBe(410);
});

test('an invitation link older than 72 hours is refused with what to do instead', async () => {
  const run = await cpe(['--council', 'testshire', 'officers', 'invite', 'sam.new@testshire.example', '--name', 'Sam New'], {
    CPE_OFFICER_EMAIL: 'alex.admin@testshire.example',
  });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const token = passwordLinkToken(run.stdout)!;
  now = new Date(Date.now() + 72 * 3_600_000 + 60_000);
  const page = await fetch(`${web.baseUrl}/set-password?token=${token}`);
  expect(page.status).toBe(410);
  const text = await textOf(page);
  expect(text).toContain('This link has expired');
  expect(text).toContain('ask an admin in your council');
  expect((await setPasswordThroughLink(web.baseUrl, token, 'kettle orbit meadow lantern')).status).toBe(410);
});

test('the admin changes roles, deactivates officers and revokes API tokens at the command line, but cannot remove the last admin', async () => {
  const asAdmin = (args: string[]) => cpe(['--council', 'testshire', ...args], { CPE_OFFICER_EMAIL: 'alex.admin@testshire.example' });
  expect(await asAdmin(['officers', 'role', 'sam.new@testshire.example', 'READ_ONLY'])).toMatchObject({
    code: 0,
    stdout: 'Sam New <sam.new@testshire.example> is now READ_ONLY.\n',
  });
  expect(await asAdmin(['officers', 'deactivate', 'Sam.New@testshire.example'])).toMatchObject({ code: 0 });
  expect(await database.db.officer.findFirstOrThrow({ where: { email: 'sam.new@testshire.example' } })).toMatchObject({
    role: 'READ_ONLY',
    active: false,
  });

  const admin = await database.db.officer.findFirstOrThrow({ where: { email: 'alex.admin@testshire.example' } });
  const { id } = await createApiToken(
    database.db,
    { councilId: admin.councilId, officerId: admin.id, role: 'ADMIN' },
    { label: 'reporting script' },
  );
  const listed = await asAdmin(['tokens', 'list']);
  expect(listed.stdout).toMatch(new RegExp(`^${id} +alex\\.admin@testshire\\.example +reporting script +\\w+day `, 'm'));
  expect(await asAdmin(['tokens', 'revoke', id])).toMatchObject({ code: 0, stdout: 'Revoked the token "reporting script".\n' });
  expect(await database.db.apiToken.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedAt: expect.any(Date) });

  const last = await asAdmin(['officers', 'deactivate', 'alex.admin@testshire.example']);
  expect(last.code).toBe(1);
  expect(last.stderr).toContain('You are the council’s last active admin, so cannot be deactivated; make another officer an admin first.');
});
