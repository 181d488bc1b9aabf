import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { formatDate, localDateOf } from '../../domain/calendar';
import { seedDemoCouncil } from '../../seeds/demo-council';
import { signIn } from '../../services/officer-auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/cli';
import { createMember } from '../support/fixtures';

/*
 * The officer command line as an officer runs it: a separate process with its
 * settings from the environment, on the demo council. It is thin over the
 * services, so these tests check what only the command line does: arguments,
 * standard input, what it prints and its exit codes.
 */

const today = localDateOf(new Date());

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoCouncil(database.db, { today, includeDemoCredentials: false });
});

afterAll(async () => {
  await database?.drop();
});

/** `cpe <args>` on the demo council, acting as its admin. */
const cpe = (args: string[], stdin = '') =>
  runCli(args, { databaseUrl: database.url, stdin, env: { CPE_OFFICER_EMAIL: 'dana.whitlock@northmere.example' } });

test('members list says how many serve today, with the weekday, and lists each with their email', async () => {
  const run = await cpe(['members', 'list']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  // The demo council: 48 councillors and 2 co-opted members.
  expect(run.stdout.split('\n')[0]).toBe(`50 member(s) serving on ${formatDate(today)}.`);
  const someone = await database.db.member.findFirstOrThrow({ orderBy: { reference: 'asc' } });
  expect(run.stdout).toMatch(
    new RegExp(`^${someone.reference} +Councillor ${someone.givenName} ${someone.familyName} <${someone.email}>$`, 'm'),
  );
});

test('an admin adds an officer with the password on standard input, who can then sign in; the password is never an argument', async () => {
  const password = 'a long enough first password';
  const run = await cpe(['officers', 'add', 'Jo.Bloggs@northmere.example', '--name', 'Jo Bloggs', '--role', 'READ_ONLY'], `${password}\n`);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toContain('Added Jo Bloggs <jo.bloggs@northmere.example> as READ_ONLY');
  const { session } = await signIn(database.db, { council: 'northmere', email: 'jo.bloggs@northmere.example', password }, new Date());
  expect(session.actor.role).toBe('READ_ONLY');

  const again = await cpe(['officers', 'add', 'jo.bloggs@northmere.example', '--name', 'Jo Bloggs'], `${password}\n`);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain('email: jo.bloggs@northmere.example is already an officer of this council');
});

test('a wrong value stops the command with exit code 2, naming the field and the fix, and records nothing', async () => {
  const before = await database.db.member.count();
  const run = await cpe([
    'members',
    'add',
    'NM900',
    '--given',
    'Ada',
    '--family',
    'Okafor',
    '--email',
    'not-an-email',
    '--roles',
    'COUNCILLOR',
    '--joined',
    '2026-02-30',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/email: .*e\.g\./);
  expect(run.stderr).toMatch(/joined/);
  expect(await database.db.member.count()).toBe(before);
});

test('members import reads a file Excel saved in Windows-1252, registering Siân as spelt; a bad row is named by its line', async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'cpe-cli-'));
  try {
    const file = path.join(directory, 'members.csv');
    const header = 'reference,given_name,family_name,email,ward,party,roles,joined_on,elected_on';
    const row = 'NM901,Siân,O’Neill,sian.oneill@members.example,,,COUNCILLOR,2026-05-11,';
    // Windows-1252 has â where Latin-1 does, and ’ at 0x92; Excel ends lines with CR LF.
    const excel = (lines: string[]) => writeFile(file, Buffer.from(lines.join('\r\n').replace(/’/g, '\x92'), 'latin1'));

    await excel([header, '', row.replace('@members.example', '@')]);
    const refused = await cpe(['members', 'import', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('row 3, email');

    await excel([header, '', row]);
    expect(await cpe(['members', 'import', file])).toMatchObject({ code: 0, stdout: 'Added 1, updated 0.\n' });
    expect(await database.db.member.findFirstOrThrow({ where: { reference: 'NM901' } })).toMatchObject({
      givenName: 'Siân',
      familyName: 'O’Neill',
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('an officer who is not in the council is refused, by email', async () => {
  const run = await cpe(['--as', 'nobody@elsewhere.example', 'members', 'list']);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('No active officer with email nobody@elsewhere.example in this council.');
  expect(run.stdout).toBe('');
});

test('seating a member who lacks a course the panel needs stops without --confirm, naming the course; with it, the seat is added', async () => {
  const councilId = (await database.db.council.findUniqueOrThrow({ where: { slug: 'northmere' } })).id;
  const newcomer = await createMember(database.db, councilId, { givenName: 'Cleo', familyName: 'Commandline' });
  const seat = ['seats', 'add', 'cyp-scrutiny', newcomer.reference, '--from', '2026-12-01'];
  const refused = await cpe(seat);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Councillor Cleo Commandline has not done Safeguarding children seminar and');
  expect(refused.stderr).toContain('--confirm');
  expect(await database.db.panelSeat.count({ where: { memberId: newcomer.id } })).toBe(0);

  const confirmed = await cpe([...seat, '--confirm']);
  expect(confirmed).toMatchObject({ code: 0, stderr: '' });
  expect(await database.db.panelSeat.count({ where: { memberId: newcomer.id } })).toBe(1);
});

test('a distribution list file with a bad row adds nobody, naming the row (exit code 2); corrected, everyone is added', async () => {
  const folder = await mkdtemp(path.join(tmpdir(), 'cpe-cli-'));
  const file = path.join(folder, 'distribution.csv');
  const listed = () => database.db.panelDistribution.count({ where: { panel: { key: 'corporate-parenting' } } });
  const before = await listed();
  await writeFile(file, 'name,email,role\nAda Partner,ada@partner.example,Police liaison\nBo Partner,not-an-address,\n');
  const refused = await cpe(['panels', 'distribution', 'import', 'corporate-parenting', file]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('row 3, email: must be an email address');
  expect(await listed()).toBe(before);

  await writeFile(file, 'name,email,role\nAda Partner,ada@partner.example,Police liaison\nBo Partner,bo@partner.example,\n');
  const imported = await cpe(['panels', 'distribution', 'import', 'corporate-parenting', file]);
  expect(imported).toMatchObject({ code: 0, stdout: 'Added 2 recipient(s) to the Corporate Parenting Panel distribution list.\n' });
  expect(await listed()).toBe(before + 2);
});
