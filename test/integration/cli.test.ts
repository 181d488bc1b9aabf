import { formatDate, localDateOf } from '../../domain/calendar';
import { seedDemoCouncil } from '../../seeds/demo-council';
import { signIn } from '../../services/officer-auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli } from '../support/cli';

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

test('an officer who is not in the council is refused, by email', async () => {
  const run = await cpe(['--as', 'nobody@elsewhere.example', 'members', 'list']);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('No active officer with email nobody@elsewhere.example in this council.');
  expect(run.stdout).toBe('');
});
