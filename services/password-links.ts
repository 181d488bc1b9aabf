import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { Db } from '../db/client';
import { formatDateTime } from '../domain/calendar';
import type { Outbox } from '../email/outbox';
import { passwordLinkEmail } from '../email/templates/officers';
import type { PasswordLinkPurpose } from '../prisma/generated/client';
import { parseInput } from './errors';
import { passwordSchema, setOfficerPassword } from './officer-auth';

/** What services need to email officers: the outbox, and where the site is for the links. */
export interface OfficerMail {
  outbox: Outbox;
  /** e.g. https://cpe.council.gov.uk */
  publicBaseUrl: string;
}

/** An emailed set-password link works once, for this long. */
export const PASSWORD_LINK_HOURS = 72;

const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedPasswordLink {
  url: string;
  expiresAt: Date;
  /** Whether the email went out; if not, why (the link still works and can be passed on another way). */
  emailed: boolean;
  emailProblem?: string;
}

/**
 * Makes a one-time link for an officer to choose a password and emails it to
 * them. Only the token's hash is stored. A relay that cannot take the email
 * now does not undo the link: the caller says so, and an admin can send another.
 */
export async function issuePasswordLink(
  deps: { db: Db; clock: () => Date; officerMail: OfficerMail },
  officerId: string,
  purpose: PasswordLinkPurpose,
): Promise<IssuedPasswordLink> {
  const { db, clock, officerMail } = deps;
  const officer = await db.officer.findUniqueOrThrow({
    where: { id: officerId },
    include: { council: { select: { name: true, timeZone: true, replyToEmail: true, alertsEmail: true } } },
  });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock().getTime() + PASSWORD_LINK_HOURS * 3_600_000);
  const link = await db.passwordLink.create({
    data: { councilId: officer.councilId, officerId, purpose, tokenHash: hashLinkToken(token), expiresAt },
  });
  const url = `${officerMail.publicBaseUrl}/set-password?token=${token}`;
  try {
    const delivery = await officerMail.outbox.send(
      {
        councilId: officer.councilId,
        idempotencyKey: `password-link:${link.id}`,
        kind: `officer.password-link.${purpose.toLowerCase()}`,
        to: { address: officer.email, name: officer.name },
        replyTo: officer.council.replyToEmail ?? officer.council.alertsEmail,
        email: passwordLinkEmail({
          purpose,
          officerName: officer.name,
          councilName: officer.council.name,
          url,
          expires: formatDateTime(expiresAt, officer.council.timeZone),
        }),
      },
      // The outbox keeps a copy of every email; this one's must not hold a working link, since only the token's hash is kept.
      { text: url, replacement: `${officerMail.publicBaseUrl}/set-password (link removed from this copy once sent)` },
    );
    if (delivery.status === 'FAILED') return { url, expiresAt, emailed: false, emailProblem: 'the mail server refused the address' };
    return { url, expiresAt, emailed: true };
  } catch (error) {
    return { url, expiresAt, emailed: false, emailProblem: error instanceof Error ? error.message : String(error) };
  }
}

export type PasswordLinkState =
  { state: 'usable'; purpose: PasswordLinkPurpose; officerName: string; councilName: string } | { state: 'expired' | 'used' | 'unknown' };

const linkByToken = (db: Db, token: string) =>
  db.passwordLink.findUnique({
    where: { tokenHash: hashLinkToken(token) },
    include: { officer: { include: { council: { select: { name: true, slug: true } } } } },
  });

type StoredLink = NonNullable<Awaited<ReturnType<typeof linkByToken>>>;

function stateOf(link: StoredLink | null, now: Date): PasswordLinkState {
  if (!link || !link.officer.active) return { state: 'unknown' };
  if (link.usedAt) return { state: 'used' };
  if (link.expiresAt <= now) return { state: 'expired' };
  return { state: 'usable', purpose: link.purpose, officerName: link.officer.name, councilName: link.officer.council.name };
}

/** What a set-password link is now: usable (for whom), or why not. */
export async function passwordLinkState(db: Db, token: string, now: Date): Promise<PasswordLinkState> {
  return stateOf(await linkByToken(db, token), now);
}

export const setPasswordWithLinkInput = z
  .object({
    token: z.string({ error: 'open the link from your email again' }).min(1, 'open the link from your email again'),
    password: passwordSchema,
    confirmPassword: z.string({ error: 'type the new password again' }),
  })
  .refine((values) => values.password === values.confirmPassword, {
    path: ['confirmPassword'],
    error: 'does not match the new password; type the same password in both boxes',
  });
export type SetPasswordWithLinkInput = z.input<typeof setPasswordWithLinkInput>;

/** A set-password link that cannot be used (any more); `state` says why. */
export class PasswordLinkRefusedError extends Error {
  override name = 'PasswordLinkRefusedError';
  constructor(readonly state: 'expired' | 'used' | 'unknown') {
    super(`This set-password link is ${state === 'unknown' ? 'not valid' : state === 'used' ? 'already used' : 'expired'}.`);
  }
}

/**
 * Sets the officer's password through their link, which is used up at once
 * (claimed in one conditional update, so two submissions cannot both use it).
 * Returns where to sign in.
 */
export async function setPasswordWithLink(
  db: Db,
  input: Partial<SetPasswordWithLinkInput>,
  now: Date,
): Promise<{ councilSlug: string; email: string }> {
  const values = parseInput(setPasswordWithLinkInput, input);
  const link = await linkByToken(db, values.token);
  const found = stateOf(link, now);
  if (!link || found.state !== 'usable') throw new PasswordLinkRefusedError(found.state === 'usable' ? 'unknown' : found.state);
  const claimed = await db.passwordLink.updateMany({
    where: { id: link.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count === 0) throw new PasswordLinkRefusedError('used');
  const { officer } = link;
  await setOfficerPassword(
    db,
    { councilId: officer.councilId, officerId: officer.id, role: officer.role },
    { email: officer.email, password: values.password },
    now,
  );
  return { councilSlug: officer.council.slug, email: officer.email };
}

export const forgotPasswordInput = z.object({
  council: z.string({ error: 'choose your council' }).trim().min(1, 'choose your council'),
  email: z.email({ error: 'enter your work email address, like name@council.gov.uk' }).trim().toLowerCase(),
});
export type ForgotPasswordInput = z.input<typeof forgotPasswordInput>;

/**
 * "Forgot your password?": emails a reset link when the council has an
 * active officer with that address, and otherwise does nothing, so the
 * answer never tells whether an address has an account. The email goes out
 * after the answer (`sending`, for the caller to log a failure): waiting for
 * the relay only when there is an account would let the time taken say what
 * the words do not.
 */
export async function requestPasswordReset(
  deps: { db: Db; clock: () => Date; officerMail: OfficerMail },
  input: Partial<ForgotPasswordInput>,
): Promise<{ sending: Promise<unknown> }> {
  const values = parseInput(forgotPasswordInput, input);
  const officer = await deps.db.officer.findFirst({
    where: { email: values.email, active: true, council: { slug: values.council } },
    select: { id: true },
  });
  return { sending: officer ? issuePasswordLink(deps, officer.id, 'RESET') : Promise.resolve() };
}
