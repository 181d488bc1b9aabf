import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { Db } from '../db/client';
import { recordAudit } from './audit';
import type { Actor } from './context';
import { ForbiddenError, parseInput } from './errors';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const createApiTokenInput = z.object({
  label: z.string().trim().min(1, 'give the token a label saying where it is used, e.g. "reporting script"').max(80),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

/**
 * Issues an API token for the acting officer. The token is returned once;
 * only its hash is stored. A token acts with its officer's own role.
 */
export async function createApiToken(db: Db, actor: Actor, input: CreateApiTokenInput): Promise<{ id: string; token: string }> {
  const { label } = parseInput(createApiTokenInput, input);
  const token = `cpe_${randomBytes(24).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: { councilId: actor.councilId, officerId: actor.officerId, label, tokenHash: hashToken(token) },
  });
  await recordAudit(db, actor, 'api-token.created', { type: 'ApiToken', id: row.id }, { label });
  return { id: row.id, token };
}

/** Stores a known token (the demo council's) idempotently. */
export async function ensureApiToken(db: Db, officerId: string, councilId: string, label: string, token: string): Promise<void> {
  await db.apiToken.upsert({
    where: { tokenHash: hashToken(token) },
    create: { councilId, officerId, label, tokenHash: hashToken(token) },
    update: {},
  });
}

/** The officer an API token belongs to, or null for an unknown, revoked or inactive one. */
export async function actorForApiToken(db: Db, token: string): Promise<Actor | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { officer: { select: { id: true, councilId: true, role: true, active: true } } },
  });
  if (!row || row.revokedAt || !row.officer.active) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { councilId: row.officer.councilId, officerId: row.officer.id, role: row.officer.role };
}

/** The officer the command line acts as: by email, or the council's first active admin. */
export async function actorForOfficerEmail(db: Db, councilId: string, email: string | undefined): Promise<Actor> {
  const officer = await db.officer.findFirst({
    where: { councilId, active: true, ...(email ? { email: email.toLowerCase() } : { role: 'ADMIN' }) },
    orderBy: { createdAt: 'asc' },
  });
  if (!officer) {
    throw new ForbiddenError(
      email
        ? `No active officer with email ${email} in this council.`
        : 'This council has no active admin officer; pass --as <officer email>.',
    );
  }
  return { councilId, officerId: officer.id, role: officer.role };
}
