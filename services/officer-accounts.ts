import { z } from 'zod';

import type { OfficerRole } from '../prisma/generated/client';
import { requireAdmin } from './access';
import { recordAudit } from './audit';
import type { Actor, ServiceDependencies } from './context';
import { ConflictError, NotFoundError, parseInput, requireRecordId } from './errors';
import { addOfficerInput } from './officer-auth';
import { issuePasswordLink, type OfficerMail } from './password-links';

type Deps = Pick<ServiceDependencies, 'db' | 'clock'>;
type MailingDeps = Deps & { officerMail: OfficerMail };

/** The council's officers for the officers page: role, whether active, when last signed in, and their API tokens. */
export async function listOfficers(deps: Deps, actor: Actor) {
  requireAdmin(actor, 'see the council’s officer accounts');
  const officers = await deps.db.officer.findMany({
    where: { councilId: actor.councilId },
    orderBy: [{ active: 'desc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      passwordHash: true,
      createdAt: true,
      sessions: { select: { createdAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
      apiTokens: {
        where: { revokedAt: null },
        select: { id: true, label: true, createdAt: true, lastUsedAt: true },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  return officers.map(({ passwordHash, sessions, ...officer }) => ({
    ...officer,
    /** Invited, and has not chosen a password yet. */
    passwordSet: passwordHash !== null,
    lastSignedInAt: sessions[0]?.createdAt ?? null,
  }));
}

/** One officer of the council as the officers page lists them; another council's is not found. */
export async function officerAccount(deps: Deps, actor: Actor, officerId: string) {
  await councilOfficer(deps, actor, officerId);
  return (await listOfficers(deps, actor)).find((candidate) => candidate.id === officerId)!;
}

/** An officer of the actor's council; another council's is not found, exactly like a missing one, before any check of the actor's role. */
async function councilOfficer(deps: Deps, actor: Actor, officerId: string) {
  requireRecordId('officer', officerId);
  const officer = await deps.db.officer.findFirst({ where: { id: officerId, councilId: actor.councilId } });
  if (!officer) throw new NotFoundError('officer', officerId);
  return officer;
}

/** Refuses a change that would leave the council with no active admin: nobody could then manage accounts. */
async function keepAnAdmin(deps: Deps, actor: Actor, officer: { id: string; role: OfficerRole; active: boolean }, change: string) {
  if (officer.role !== 'ADMIN' || !officer.active) return;
  const others = await deps.db.officer.count({
    where: { councilId: actor.councilId, role: 'ADMIN', active: true, id: { not: officer.id } },
  });
  if (others === 0) {
    const who = officer.id === actor.officerId ? 'You are' : 'This officer is';
    throw new ConflictError(`${who} the council’s last active admin, so cannot be ${change}; make another officer an admin first.`);
  }
}

export const inviteOfficerInput = addOfficerInput.omit({ password: true });
export type InviteOfficerInput = z.input<typeof inviteOfficerInput>;

/** An admin invites an officer: the account has no password until they choose one through the emailed link. */
export async function inviteOfficer(deps: MailingDeps, actor: Actor, input: Partial<InviteOfficerInput>) {
  requireAdmin(actor, 'invite officers');
  const values = parseInput(inviteOfficerInput, input);
  const existing = await deps.db.officer.findUnique({ where: { councilId_email: { councilId: actor.councilId, email: values.email } } });
  if (existing) throw new ConflictError(`${values.email} is already an officer of this council (${existing.name}).`);
  const officer = await deps.db.officer.create({ data: { councilId: actor.councilId, ...values } });
  await recordAudit(deps.db, actor, 'officer.invited', { type: 'Officer', id: officer.id }, { role: officer.role });
  const link = await issuePasswordLink(deps, officer.id, 'INVITE');
  return { officer: { id: officer.id, name: officer.name, email: officer.email, role: officer.role }, link };
}

/** An admin emails an officer a new set-password link: an invitation again if they never chose one, else a reset. */
export async function sendPasswordLink(deps: MailingDeps, actor: Actor, officerId: string) {
  const officer = await councilOfficer(deps, actor, officerId);
  requireAdmin(actor, 'send set-password links');
  if (!officer.active) throw new ConflictError(`${officer.name}’s account is deactivated; reactivate it first.`);
  const link = await issuePasswordLink(deps, officer.id, officer.passwordHash ? 'RESET' : 'INVITE');
  await recordAudit(deps.db, actor, 'officer.password-link-sent', { type: 'Officer', id: officer.id });
  return link;
}

export const changeOfficerRoleInput = z.object({ role: addOfficerInput.shape.role.unwrap() });
export type ChangeOfficerRoleInput = z.input<typeof changeOfficerRoleInput>;

export async function changeOfficerRole(deps: Deps, actor: Actor, officerId: string, input: Partial<ChangeOfficerRoleInput>) {
  const officer = await councilOfficer(deps, actor, officerId);
  requireAdmin(actor, 'change officers’ roles');
  const { role } = parseInput(changeOfficerRoleInput, input);
  if (role !== 'ADMIN') await keepAnAdmin(deps, actor, officer, 'given another role');
  await deps.db.officer.update({ where: { id: officer.id }, data: { role } });
  await recordAudit(deps.db, actor, 'officer.role-changed', { type: 'Officer', id: officer.id }, { from: officer.role, to: role });
  return { id: officer.id, name: officer.name, email: officer.email, role };
}

/** Deactivates an officer: every session of theirs ends at once, and neither they nor their API tokens can sign in. */
export async function deactivateOfficer(deps: Deps, actor: Actor, officerId: string) {
  const officer = await councilOfficer(deps, actor, officerId);
  requireAdmin(actor, 'deactivate officers');
  await keepAnAdmin(deps, actor, officer, 'deactivated');
  await deps.db.$transaction(async (tx) => {
    await tx.officer.update({ where: { id: officer.id }, data: { active: false } });
    await tx.officerSession.updateMany({ where: { officerId: officer.id, endedAt: null }, data: { endedAt: deps.clock() } });
    await recordAudit(tx, actor, 'officer.deactivated', { type: 'Officer', id: officer.id });
  });
  return { id: officer.id, name: officer.name, active: false };
}

export async function reactivateOfficer(deps: Deps, actor: Actor, officerId: string) {
  const officer = await councilOfficer(deps, actor, officerId);
  requireAdmin(actor, 'reactivate officers');
  await deps.db.officer.update({ where: { id: officer.id }, data: { active: true, failedSignIns: 0, lockedUntil: null } });
  await recordAudit(deps.db, actor, 'officer.reactivated', { type: 'Officer', id: officer.id });
  return { id: officer.id, name: officer.name, active: true };
}

/** API tokens still in force: every officer's for an admin, an officer's own otherwise. */
export async function listApiTokens(deps: Deps, actor: Actor) {
  return deps.db.apiToken.findMany({
    where: { councilId: actor.councilId, revokedAt: null, ...(actor.role !== 'ADMIN' && { officerId: actor.officerId }) },
    select: { id: true, label: true, createdAt: true, lastUsedAt: true, officer: { select: { id: true, name: true, email: true } } },
    orderBy: [{ officer: { name: 'asc' } }, { createdAt: 'asc' }],
  });
}

/** Revokes an API token (an admin any in the council, an officer their own): the API refuses it from then on. */
export async function revokeApiToken(deps: Deps, actor: Actor, tokenId: string) {
  requireRecordId('API token', tokenId);
  const token = await deps.db.apiToken.findFirst({ where: { id: tokenId, councilId: actor.councilId } });
  if (!token) throw new NotFoundError('API token', tokenId);
  if (actor.role !== 'ADMIN' && token.officerId !== actor.officerId) requireAdmin(actor, 'revoke another officer’s API token');
  const shown = { id: token.id, label: token.label, officerId: token.officerId };
  if (token.revokedAt) return { ...shown, revokedAt: token.revokedAt };
  const revoked = await deps.db.apiToken.update({ where: { id: token.id }, data: { revokedAt: deps.clock() } });
  await recordAudit(deps.db, actor, 'api-token.revoked', { type: 'ApiToken', id: token.id }, { label: token.label });
  return { ...shown, revokedAt: revoked.revokedAt };
}
