import { createHash } from 'node:crypto';

import { z } from 'zod';

import { actionOwner } from '../../db/findings/actions';
import { isoDateSchema } from '../../domain/calendar-input';
import { compareDates, fromDbDate, toDbDate, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import type { IssueSeverity } from '../../domain/reports/visit-summary';
import { Prisma, type ActionStatus, type ActorType } from '../../prisma/generated/client';
import { findingAction, findingActionChanged, findingActionWorkflowId } from '../../workflows/finding-action';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import { councilToday, type Actor, type ServiceDependencies } from '../context';
import { tolerated } from '../duty-signals';
import { NotFoundError, parseInput, requireRecordId } from '../errors';
import { claimsOfLink, LinkProblem } from '../member-links';

export const ACTION_STATUSES = ['OPEN', 'OVERDUE', 'DONE', 'CLOSED'] as const;

/** The actions list's filters: a home, and a status (OVERDUE: open past its due date). */
export const actionListFilter = z.object({
  establishmentId: z.uuid({ error: 'must be one of the homes listed' }).optional(),
  status: z.enum(ACTION_STATUSES, { error: `must be one of ${ACTION_STATUSES.join(', ')}` }).optional(),
});

const note = z
  .string()
  .trim()
  .min(1, { error: 'is needed: say briefly what was done or why' })
  .max(2000, { error: 'must be at most 2,000 characters' });

/** An officer closes an action, with why. */
export const closeActionInput = z.object({ note });

/** An officer reopens an action, with why, and a new due date if the old one has passed. */
export const reopenActionInput = z.object({ note, dueOn: isoDateSchema.optional() });

/** An officer gives an action to the home's manager, an officer or a member. */
export const actionOwnerInput = z
  .discriminatedUnion('ownerKind', [
    z.object({ ownerKind: z.literal('MANAGER') }),
    z.object({ ownerKind: z.literal('OFFICER'), ownerOfficerId: z.uuid({ error: 'choose an officer from the list' }) }),
    z.object({ ownerKind: z.literal('MEMBER'), ownerMemberId: z.uuid({ error: 'choose a member from the list' }) }),
  ])
  .and(z.object({ reason: note.optional() }));

/** The owner's answer through their link: a note of progress, or done with a note of what was done. */
export const ownerUpdateInput = z.object({
  note,
  done: z.boolean({ error: 'must say whether the action is done' }),
});

/** Tells the action's workflow to look again, starting it if it ended (a reopened action is chased again). */
export async function nudgeFindingAction(deps: ServiceDependencies, actionId: string): Promise<void> {
  const workflowId = findingActionWorkflowId(actionId);
  await tolerated(workflowId, findingActionChanged.name, () =>
    deps.temporal.workflow.signalWithStart(findingAction, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ actionId }],
      signal: findingActionChanged,
    }),
  );
}

type StoredAction = {
  id: string;
  description: string;
  severity: IssueSeverity | null;
  recommendationId: string | null;
  dueOn: Date;
  status: ActionStatus;
};

/** What every view of an action says: what, from where, due when, and whether it is overdue today. */
const actionFacts = (action: StoredAction, today: IsoDate) => ({
  id: action.id,
  description: action.description,
  severity: action.severity,
  fromRecommendation: action.recommendationId !== null,
  dueOn: fromDbDate(action.dueOn),
  status: action.status,
  overdue: action.status === 'OPEN' && compareDates(fromDbDate(action.dueOn), today) < 0,
});

/** The council's actions, overdue first, then by due date; `filter` narrows them to a home and a status. */
export async function listActions(deps: ServiceDependencies, actor: Actor, filter: unknown = {}) {
  const { establishmentId, status } = parseInput(actionListFilter, filter);
  const today = await councilToday(deps, actor.councilId);
  const actions = await deps.db.findingAction.findMany({
    where: {
      councilId: actor.councilId,
      ...(establishmentId ? { establishmentId } : {}),
      ...(status === 'OVERDUE' ? { status: 'OPEN', dueOn: { lt: toDbDate(today) } } : status ? { status } : {}),
    },
    orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
  });
  const homes = await deps.db.establishment.findMany({ where: { councilId: actor.councilId }, orderBy: { name: 'asc' } });
  const homeNames = new Map(homes.map((home) => [home.id, home.name]));
  const rows = await Promise.all(
    actions.map(async (action) => ({
      ...actionFacts(action, today),
      establishment: homeNames.get(action.establishmentId) ?? '',
      owner: (await actionOwner(deps.db, action)).name,
    })),
  );
  return {
    today,
    filter: { establishmentId, status },
    homes: homes.map((home) => ({ id: home.id, name: home.name })),
    actions: rows.sort((a, b) => Number(b.overdue) - Number(a.overdue)),
  };
}

async function findAction(deps: ServiceDependencies, councilId: string, actionId: string) {
  requireRecordId('action', actionId);
  const action = await deps.db.findingAction.findFirst({
    where: { id: actionId, councilId },
    include: { updates: { orderBy: [{ at: 'asc' }, { id: 'asc' }] }, report: { select: { visitId: true } } },
  });
  if (!action) throw new NotFoundError('action', actionId);
  return action;
}

/** Who wrote an entry of an action's history, in words. */
async function actorNames(deps: ServiceDependencies, updates: ReadonlyArray<{ actorType: ActorType; actorId: string | null }>) {
  const ids = (type: ActorType) => updates.flatMap((update) => (update.actorType === type && update.actorId ? [update.actorId] : []));
  const officers = await deps.db.officer.findMany({ where: { id: { in: ids('OFFICER') } } });
  const members = await deps.db.member.findMany({ where: { id: { in: ids('MEMBER') } } });
  const names = new Map([
    ...officers.map((officer) => [officer.id, officer.name] as const),
    ...members.map((member) => [member.id, memberDisplayName(member)] as const),
    [MANAGER_ACTOR, 'The home’s manager'] as const,
  ]);
  return (update: { actorType: ActorType; actorId: string | null }) =>
    (update.actorId && names.get(update.actorId)) ?? (update.actorType === 'SYSTEM' ? 'The engine' : 'Someone');
}

/** One action for an officer: what it is, who owns it, its history, and who it could be given to. */
export async function actionForOfficer(deps: ServiceDependencies, actor: Actor, actionId: string) {
  const action = await findAction(deps, actor.councilId, actionId);
  const today = await councilToday(deps, actor.councilId);
  const home = await deps.db.establishment.findUniqueOrThrow({ where: { id: action.establishmentId } });
  const nameOf = await actorNames(deps, action.updates);
  const officers = await deps.db.officer.findMany({ where: { councilId: actor.councilId, active: true }, orderBy: { name: 'asc' } });
  const members = await deps.db.member.findMany({
    where: { councilId: actor.councilId, leftOn: null },
    orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
  });
  return {
    ...actionFacts(action, today),
    visitId: action.report.visitId,
    establishment: { id: home.id, name: home.name },
    resolvedAt: action.resolvedAt,
    owner: await actionOwner(deps.db, action),
    ownerOfficerId: action.ownerOfficerId,
    ownerMemberId: action.ownerMemberId,
    history: action.updates.map((update) => ({ at: update.at, kind: update.kind, note: update.note, by: nameOf(update) })),
    officers: officers.map((officer) => ({ id: officer.id, name: officer.name })),
    members: members.map((member) => ({ id: member.id, name: memberDisplayName(member) })),
  };
}

export type OfficerAction = Awaited<ReturnType<typeof actionForOfficer>>;

/** Sets the action's status and the matching issue's resolvedOn (so open-issue figures agree), and notes it in the history. */
async function resolveOrReopen(
  tx: Prisma.TransactionClient,
  action: { id: string; councilId: string; issueId: string | null },
  change: { status: ActionStatus; at: Date; today: IsoDate; dueOn?: IsoDate },
  update: { actorType: ActorType; actorId: string; kind: string; note: string },
): Promise<void> {
  const resolved = change.status !== 'OPEN';
  await tx.findingAction.update({
    where: { id: action.id },
    data: { status: change.status, resolvedAt: resolved ? change.at : null, ...(change.dueOn ? { dueOn: toDbDate(change.dueOn) } : {}) },
  });
  if (action.issueId) {
    await tx.visitIssue.update({ where: { id: action.issueId }, data: { resolvedOn: resolved ? toDbDate(change.today) : null } });
  }
  await tx.findingActionUpdate.create({ data: { councilId: action.councilId, actionId: action.id, at: change.at, ...update } });
}

/** An officer closes an open action (e.g. no longer relevant, or done and confirmed). */
export async function closeAction(deps: ServiceDependencies, actor: Actor, actionId: string, input: unknown): Promise<void> {
  requireWriter(actor, 'close actions');
  const { note: why } = parseInput(closeActionInput, input);
  const action = await findAction(deps, actor.councilId, actionId);
  if (action.status !== 'OPEN') return;
  const today = await councilToday(deps, actor.councilId);
  await deps.db.$transaction(async (tx) => {
    await resolveOrReopen(
      tx,
      action,
      { status: 'CLOSED', at: deps.clock(), today },
      { actorType: 'OFFICER', actorId: actor.officerId, kind: 'CLOSED', note: why },
    );
    await recordAudit(tx, actor, 'finding-action.closed', { type: 'FindingAction', id: action.id });
  });
  await nudgeFindingAction(deps, action.id);
}

/** An officer reopens a done or closed action; it is chased again, from a new due date if given. */
export async function reopenAction(deps: ServiceDependencies, actor: Actor, actionId: string, input: unknown): Promise<void> {
  requireWriter(actor, 'reopen actions');
  const { note: why, dueOn } = parseInput(reopenActionInput, input);
  const action = await findAction(deps, actor.councilId, actionId);
  if (action.status === 'OPEN') return;
  const today = await councilToday(deps, actor.councilId);
  await deps.db.$transaction(async (tx) => {
    await resolveOrReopen(
      tx,
      action,
      { status: 'OPEN', at: deps.clock(), today, dueOn },
      { actorType: 'OFFICER', actorId: actor.officerId, kind: 'REOPENED', note: dueOn ? `${why} (now due ${dueOn})` : why },
    );
    await recordAudit(tx, actor, 'finding-action.reopened', { type: 'FindingAction', id: action.id }, { dueOn: dueOn ?? null });
  });
  await nudgeFindingAction(deps, action.id);
}

/** An officer gives the action to the home's manager, an officer or a member of the council; the new owner gets the reminders. */
export async function changeActionOwner(deps: ServiceDependencies, actor: Actor, actionId: string, input: unknown): Promise<void> {
  requireWriter(actor, 'change the owner of actions');
  const owner = parseInput(actionOwnerInput, input);
  const action = await findAction(deps, actor.councilId, actionId);
  const ownerOfficerId = owner.ownerKind === 'OFFICER' ? owner.ownerOfficerId : null;
  const ownerMemberId = owner.ownerKind === 'MEMBER' ? owner.ownerMemberId : null;
  if (ownerOfficerId && !(await deps.db.officer.count({ where: { id: ownerOfficerId, councilId: actor.councilId } }))) {
    throw new NotFoundError('officer', ownerOfficerId);
  }
  if (ownerMemberId && !(await deps.db.member.count({ where: { id: ownerMemberId, councilId: actor.councilId } }))) {
    throw new NotFoundError('member', ownerMemberId);
  }
  const named = await actionOwner(deps.db, { ...action, ownerKind: owner.ownerKind, ownerOfficerId, ownerMemberId });
  await deps.db.$transaction(async (tx) => {
    await tx.findingAction.update({ where: { id: action.id }, data: { ownerKind: owner.ownerKind, ownerOfficerId, ownerMemberId } });
    await tx.findingActionUpdate.create({
      data: {
        councilId: actor.councilId,
        actionId: action.id,
        at: deps.clock(),
        actorType: 'OFFICER',
        actorId: actor.officerId,
        kind: 'OWNER_CHANGED',
        note: owner.reason ? `Now owned by ${named.name}: ${owner.reason}` : `Now owned by ${named.name}`,
      },
    });
    await recordAudit(tx, actor, 'finding-action.owner-changed', { type: 'FindingAction', id: action.id }, { ownerKind: owner.ownerKind });
  });
  await nudgeFindingAction(deps, action.id);
}

// ───────────────────────────── the owner's link ─────────────────────────────

/** The actor ID of an update the home's manager made through their link: no member or officer. */
const MANAGER_ACTOR = 'manager';

const LINK_ADVICE = {
  expired: 'Use the button in your most recent reminder, or ask democratic services for a new link.',
  invalid: 'Please use the button in your most recent reminder about the action.',
};

const usedLinkProblem = () => new LinkProblem('withdrawn', 'This link has been used. The next reminder brings a new one.');

/** A link's ID in UsedLink: the hash of its signature, so the table holds no usable token. */
const usedLinkId = (token: string) =>
  createHash('sha256')
    .update(token.split('.')[1] ?? token)
    .digest('hex');

/** The action an owner's link is for: another council's action, or one given to someone else since, is not found. */
export async function actionForOwner(deps: ServiceDependencies, token: string) {
  const claims = claimsOfLink(deps, token, 'action', LINK_ADVICE);
  const action = await deps.db.findingAction.findFirst({ where: { id: claims.subjectId, councilId: claims.councilId } });
  const owner = action && (await actionOwner(deps.db, action));
  if (!action || !owner || owner.linkHolder !== claims.memberId) throw new NotFoundError('action', claims.subjectId);
  const home = await deps.db.establishment.findUniqueOrThrow({ where: { id: action.establishmentId } });
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: action.councilId } });
  const used = (await deps.db.usedLink.count({ where: { id: usedLinkId(token) } })) > 0;
  return {
    id: action.id,
    councilName: council.name,
    establishment: home.name,
    description: action.description,
    dueOn: fromDbDate(action.dueOn),
    status: action.status,
    owner,
    used,
  };
}

export type OwnerAction = Awaited<ReturnType<typeof actionForOwner>>;

/** The owner's update or "done", once per link: a link already used, or an action no longer open, records nothing. */
export async function recordOwnerUpdate(deps: ServiceDependencies, token: string, input: unknown): Promise<void> {
  const action = await actionForOwner(deps, token);
  if (action.used) throw usedLinkProblem();
  if (action.status !== 'OPEN') throw new LinkProblem('withdrawn', 'This action is no longer open: nothing more is needed.');
  const answer = parseInput(ownerUpdateInput, input);
  const stored = await deps.db.findingAction.findUniqueOrThrow({ where: { id: action.id } });
  const today = await councilToday(deps, stored.councilId);
  const by = action.owner.kind === 'MEMBER' ? { actorType: 'MEMBER' as const, actorId: action.owner.linkHolder } : ownerActor(stored);
  try {
    await deps.db.$transaction(async (tx) => {
      await tx.usedLink.create({ data: { id: usedLinkId(token), councilId: stored.councilId } });
      if (answer.done) {
        await resolveOrReopen(tx, stored, { status: 'DONE', at: deps.clock(), today }, { ...by, kind: 'DONE', note: answer.note });
      } else {
        await tx.findingActionUpdate.create({
          data: { councilId: stored.councilId, actionId: stored.id, at: deps.clock(), ...by, kind: 'UPDATED', note: answer.note },
        });
      }
    });
  } catch (error) {
    // The same link sent twice at once: the second finds it spent.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw usedLinkProblem();
    }
    throw error;
  }
  await nudgeFindingAction(deps, action.id);
}

/** An officer who owns an action answers through their link as themselves; the home's manager as the manager. */
const ownerActor = (action: { ownerKind: string; ownerOfficerId: string | null }) =>
  action.ownerKind === 'OFFICER' && action.ownerOfficerId
    ? { actorType: 'OFFICER' as const, actorId: action.ownerOfficerId }
    : { actorType: 'SYSTEM' as const, actorId: MANAGER_ACTOR };
