import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import type { Db } from '../db/client';
import type { Officer, Prisma } from '../prisma/generated/client';
import { recordAudit } from './audit';
import type { Actor } from './context';
import { ForbiddenError, InputError, NotFoundError, parseInput } from './errors';

/**
 * scrypt from Node's own crypto (no native add-on to build) at OWASP's
 * minimum (Password Storage Cheat Sheet): N=2^17, r=8, p=1, a 64-byte key.
 * That is about a second of CPU and 128 MiB for each hash. The parameters are
 * stored with each hash, so hashes made with weaker ones are remade at the
 * next sign-in.
 */
export const OWASP_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1, keyLength: 64 };
/** Under Jest (NODE_ENV=test) hashes are cheap, so the suites' many sign-ins stay fast; the same code runs either way. */
const TEST_SCRYPT: ScryptParameters = { N: 2 ** 12, r: 8, p: 1, keyLength: 64 };

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

const currentScrypt = () => (process.env.NODE_ENV === 'test' ? TEST_SCRYPT : OWASP_SCRYPT);

function derive(password: string, salt: Buffer, options: ScryptParameters): Promise<Buffer> {
  const { N, r, p, keyLength } = options;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string, options: ScryptParameters = currentScrypt()): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, options);
  return ['scrypt', options.N, options.r, options.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The parameters a stored hash was made with, or null when it is not one of ours. */
function parseStoredHash(stored: string): { options: ScryptParameters; salt: Buffer; key: Buffer } | null {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return null;
  const expected = Buffer.from(key, 'base64url');
  return {
    options: { N: Number(N), r: Number(r), p: Number(p), keyLength: expected.length },
    salt: Buffer.from(salt, 'base64url'),
    key: expected,
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;
  return timingSafeEqual(await derive(password, parsed.salt, parsed.options), parsed.key);
}

/** A hash made with less work than today's parameters, remade while the password is at hand. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStoredHash(stored);
  const current = currentScrypt();
  return (
    !parsed ||
    parsed.options.N * parsed.options.r * parsed.options.p < current.N * current.r * current.p ||
    parsed.options.keyLength < current.keyLength
  );
}

// Checked against when the email is unknown, so a wrong address takes as long as a wrong password.
const UNKNOWN_OFFICER_HASH = hashPassword(randomBytes(16).toString('hex'));

/** After this many wrong passwords in a row the account pauses, so a password cannot be guessed online. */
export const MAX_FAILED_SIGN_INS = 5;
const LOCK_MINUTES = 15;
/** A session ends after this long without use, and in any case after a working week. */
const IDLE_MINUTES = 8 * 60;
const LONGEST_SESSION_DAYS = 7;

export const passwordSchema = z
  .string({ error: 'choose a password' })
  .min(12, 'must be at least 12 characters; a few unrelated words make a good one')
  .max(200, 'must be at most 200 characters');

export const signInInput = z.object({
  council: z.string({ error: 'choose your council' }).trim().min(1, 'choose your council'),
  email: z.email({ error: 'enter your work email address, like name@council.gov.uk' }).trim().toLowerCase(),
  password: z.string({ error: 'enter your password' }).min(1, 'enter your password'),
});
export type SignInInput = z.input<typeof signInInput>;

const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface OfficerSession {
  sessionId: string;
  actor: Actor;
  officerName: string;
  councilName: string;
  councilSlug: string;
}

const refused = () => new InputError([{ field: 'email', message: 'the email address or password is not right; check both and try again' }]);

/**
 * Signs an officer in with their council, email and password, and opens a
 * session. The same message answers an unknown email and a wrong password.
 */
export async function signIn(db: Db, input: Partial<SignInInput>, now: Date): Promise<{ token: string; session: OfficerSession }> {
  const values = parseInput(signInInput, input);
  const officer = await db.officer.findFirst({
    where: { email: values.email, council: { slug: values.council } },
    include: { council: { select: { name: true, slug: true } } },
  });
  if (!officer || !officer.active || !officer.passwordHash) {
    await verifyPassword(values.password, await UNKNOWN_OFFICER_HASH);
    throw refused();
  }
  if (officer.lockedUntil && officer.lockedUntil > now) {
    throw new InputError([
      {
        field: 'email',
        message: `this account is paused after ${MAX_FAILED_SIGN_INS} wrong passwords; try again in ${LOCK_MINUTES} minutes or ask an admin to reset it`,
      },
    ]);
  }
  const actor: Actor = { councilId: officer.councilId, officerId: officer.id, role: officer.role };
  if (!(await verifyPassword(values.password, officer.passwordHash))) {
    const failed = officer.failedSignIns + 1;
    await db.officer.update({
      where: { id: officer.id },
      data: {
        failedSignIns: failed >= MAX_FAILED_SIGN_INS ? 0 : failed,
        lockedUntil: failed >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : officer.lockedUntil,
      },
    });
    if (failed >= MAX_FAILED_SIGN_INS) await recordAudit(db, actor, 'officer.locked', { type: 'Officer', id: officer.id });
    throw refused();
  }
  // The password is at hand only now, so a hash made with less work than today's is remade here.
  if (needsRehash(officer.passwordHash)) {
    await db.officer.update({ where: { id: officer.id }, data: { passwordHash: await hashPassword(values.password) } });
  }
  return openSession(db, officer, now);
}

/** An officer as sign-in finds them, with the council the session will show. */
type SigningInOfficer = Officer & { council: { name: string; slug: string } };

/**
 * Opens a session for an officer who has proved who they are, by password or
 * through the council's identity provider (`details` says how, in the audit
 * log): unpauses the account and records the sign-in.
 */
export async function openSession(
  db: Db,
  officer: SigningInOfficer,
  now: Date,
  details?: Prisma.InputJsonObject,
): Promise<{ token: string; session: OfficerSession }> {
  const actor: Actor = { councilId: officer.councilId, officerId: officer.id, role: officer.role };
  const token = randomBytes(32).toString('base64url');
  const row = await db.$transaction(async (tx) => {
    await tx.officer.update({ where: { id: officer.id }, data: { failedSignIns: 0, lockedUntil: null } });
    await recordAudit(tx, actor, 'officer.signed-in', { type: 'Officer', id: officer.id }, details);
    return tx.officerSession.create({
      data: {
        councilId: officer.councilId,
        officerId: officer.id,
        tokenHash: hashSessionToken(token),
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + LONGEST_SESSION_DAYS * 86_400_000),
      },
    });
  });
  return {
    token,
    session: { sessionId: row.id, actor, officerName: officer.name, councilName: officer.council.name, councilSlug: officer.council.slug },
  };
}

/** The session a cookie's token belongs to, if it is live; using it keeps it alive. */
export async function sessionForToken(db: Db, token: string, now: Date): Promise<OfficerSession | null> {
  const row = await db.officerSession.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    include: { officer: { include: { council: { select: { name: true, slug: true } } } } },
  });
  if (!row || row.endedAt || row.expiresAt <= now || !row.officer.active) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > IDLE_MINUTES * 60_000) return null;
  // Writing on every request would make each page view a database write; once a minute is enough for the idle timeout.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000)
    await db.officerSession.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  return {
    sessionId: row.id,
    actor: { councilId: row.councilId, officerId: row.officerId, role: row.officer.role },
    officerName: row.officer.name,
    councilName: row.officer.council.name,
    councilSlug: row.officer.council.slug,
  };
}

export async function signOut(db: Db, session: OfficerSession, now: Date): Promise<void> {
  await db.officerSession.update({ where: { id: session.sessionId }, data: { endedAt: now } });
  await recordAudit(db, session.actor, 'officer.signed-out', { type: 'Officer', id: session.actor.officerId });
}

export const addOfficerInput = z.object({
  name: z.string({ error: 'give the officer’s name' }).trim().min(2, 'give the officer’s name').max(120),
  email: z.email({ error: 'must be the officer’s work email address' }).trim().toLowerCase(),
  role: z.enum(['ADMIN', 'OFFICER', 'READ_ONLY'], { error: 'must be ADMIN, OFFICER or READ_ONLY' }).default('OFFICER'),
  password: passwordSchema,
});

/** Admins add officers to their own council, with a first password the officer is told separately. */
export async function addOfficer(db: Db, actor: Actor, input: z.input<typeof addOfficerInput>) {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an admin can add officers.');
  const values = parseInput(addOfficerInput, input);
  const existing = await db.officer.findUnique({ where: { councilId_email: { councilId: actor.councilId, email: values.email } } });
  if (existing) throw new InputError([{ field: 'email', message: `${values.email} is already an officer of this council` }]);
  const officer = await db.officer.create({
    data: {
      councilId: actor.councilId,
      name: values.name,
      email: values.email,
      role: values.role,
      passwordHash: await hashPassword(values.password),
    },
  });
  await recordAudit(db, actor, 'officer.added', { type: 'Officer', id: officer.id }, { email: officer.email, role: officer.role });
  return { id: officer.id, name: officer.name, email: officer.email, role: officer.role };
}

/**
 * Sets an officer's password (their own, or anyone's in the council for an
 * admin), unpauses the account and ends their other sessions.
 */
export async function setOfficerPassword(db: Db, actor: Actor, input: { email: string; password: string }, now: Date) {
  const email = z.email().trim().toLowerCase().parse(input.email);
  const password = parseInput(z.object({ password: passwordSchema }), { password: input.password }).password;
  const officer = await db.officer.findUnique({ where: { councilId_email: { councilId: actor.councilId, email } } });
  if (!officer) throw new NotFoundError('officer', email);
  if (officer.id !== actor.officerId && actor.role !== 'ADMIN')
    throw new ForbiddenError('Only an admin can set another officer’s password.');
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.officer.update({ where: { id: officer.id }, data: { passwordHash, failedSignIns: 0, lockedUntil: null } });
    await tx.officerSession.updateMany({ where: { officerId: officer.id, endedAt: null }, data: { endedAt: now } });
    await recordAudit(tx, actor, 'officer.password-set', { type: 'Officer', id: officer.id });
  });
}
