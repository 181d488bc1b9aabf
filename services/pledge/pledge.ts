import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';

import { formatDate, formatDateTime, fromDbDate, instantAt, localDateOf, municipalYearOf, toDbDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { memberDisplayName } from '../../domain/people';
import { servingOn } from '../../db/members';
import type { PublishedPledge } from '../../domain/pledge/published';
import type { LinkClaims } from '../../links/signed-links';
import { Prisma } from '../../prisma/generated/client';
import { pledgeCampaign, pledgeCampaignChanged, pledgeCampaignWorkflowId } from '../../workflows/pledge-campaign';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { nudgePledgeCampaigns } from '../duty-signals';
import { ConflictError, InputError, NotFoundError, parseInput } from '../errors';
import { claimsOfLink, LinkProblem } from '../member-links';
import { wholeNumberFrom } from '../whole-numbers';

const timeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM (24-hour), e.g. 17:30' });

/** The calendar year a municipal year starts in. */
const municipalYearSchema = wholeNumberFrom(2000, 2100, 'must be the year the municipal year starts in, e.g. 2026');

export const confirmPledgeInput = z.object({
  /** Default: the current one. */
  municipalYear: municipalYearSchema.optional(),
  text: z.string().trim().min(20, 'give the full text of the pledge').max(10_000).optional(),
  adoptedOn: isoDateSchema,
  eventDate: isoDateSchema,
  eventStart: timeSchema,
  eventEnd: timeSchema.optional(),
  eventLocation: z.string({ error: 'say where the signing takes place' }).trim().min(3, 'say where the signing takes place').max(200),
  childrenInCareCouncilNote: z.string().trim().max(1000, 'keep the note under 1,000 characters').optional(),
  firstCouncilMeetingOn: isoDateSchema.optional(),
  eventReminderDays: z.array(z.coerce.number().int().min(1).max(60)).max(4).optional(),
  chaseEveryDays: z.coerce.number().int().min(1, 'must be at least 1 day').max(60, 'must be at most 60 days').optional(),
  chaseRounds: z.coerce.number().int().min(0).max(10).optional(),
  tellGroupLeaders: z.boolean().optional(),
});
export type ConfirmPledgeInput = z.input<typeof confirmPledgeInput>;

export const eventSignaturesInput = z.object({
  memberReferences: z.array(z.string().trim().min(1)).min(1, 'name at least one member who signed'),
  /** When they signed; default: the event's start. */
  signedAt: z.iso.datetime({ offset: true, error: 'must be a date and time, e.g. 2026-05-19T17:45:00+01:00' }).optional(),
});

export const onlineSignatureInput = z.object({
  typedName: z.string({ error: 'type your name as it appears above' }).trim().min(2, 'type your name as it appears above').max(120),
});

const yearStart = (council: { municipalYearStartMonth: number }, year: number) =>
  `${year}-${String(council.municipalYearStartMonth).padStart(2, '0')}-01`;

async function pledgeOf(deps: ServiceDependencies, councilId: string, municipalYear?: number) {
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: councilId } });
  const year = municipalYear ?? municipalYearOf(localDateOf(deps.clock(), council.timeZone), council.municipalYearStartMonth).startYear;
  const pledge = await deps.db.pledge.findUnique({ where: { councilId_municipalYear: { councilId, municipalYear: year } } });
  if (!pledge) throw new NotFoundError('pledge for the municipal year starting', String(year));
  return { council, pledge };
}

/**
 * An officer confirms the year's pledge and dates the signing event, which
 * opens the campaign: invitations go to every serving member. Confirming
 * again (e.g. the event moved) updates it and the campaign follows.
 */
export async function confirmPledge(deps: ServiceDependencies, actor: Actor, input: ConfirmPledgeInput) {
  const values = parseInput(confirmPledgeInput, input);
  requireWriter(actor, 'confirm the pledge');
  const { council, pledge } = await pledgeOf(deps, actor.councilId, values.municipalYear);
  if (pledge.status === 'CLOSED')
    throw new ConflictError(
      `The ${pledge.version} pledge has closed; the next year's pledge is drafted on ${formatDate(yearStart(council, pledge.municipalYear + 1))}.`,
    );
  const eventStartsAt = instantAt(values.eventDate, values.eventStart, council.timeZone);
  const updated = await deps.db.pledge.update({
    where: { id: pledge.id },
    data: {
      ...(values.text && { text: values.text }),
      adoptedOn: toDbDate(values.adoptedOn),
      eventStartsAt,
      eventEndsAt: values.eventEnd ? instantAt(values.eventDate, values.eventEnd, council.timeZone) : null,
      eventLocation: values.eventLocation,
      childrenInCareCouncilNote: values.childrenInCareCouncilNote ?? pledge.childrenInCareCouncilNote,
      firstCouncilMeetingOn: values.firstCouncilMeetingOn ? toDbDate(values.firstCouncilMeetingOn) : pledge.firstCouncilMeetingOn,
      eventReminderDays: values.eventReminderDays ?? pledge.eventReminderDays,
      chaseEveryDays: values.chaseEveryDays ?? pledge.chaseEveryDays,
      chaseRounds: values.chaseRounds ?? pledge.chaseRounds,
      tellGroupLeaders: values.tellGroupLeaders ?? pledge.tellGroupLeaders,
      status: 'OPEN',
      confirmedAt: pledge.confirmedAt ?? deps.clock(),
    },
  });
  await recordAudit(deps.db, actor, 'pledge.confirmed', { type: 'Pledge', id: pledge.id }, { event: eventStartsAt.toISOString() });
  await startCampaign(deps, updated.id);
  return { pledgeId: updated.id, eventStartsAt, event: formatDateTime(eventStartsAt, council.timeZone) };
}

/** Starts the campaign's workflow, or tells a running one to look again. */
export async function startCampaign(deps: ServiceDependencies, pledgeId: string): Promise<void> {
  const workflowId = pledgeCampaignWorkflowId(pledgeId);
  await deps.temporal.workflow.signalWithStart(pledgeCampaign, {
    workflowId,
    taskQueue: deps.taskQueue,
    args: [{ pledgeId }],
    signal: pledgeCampaignChanged,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/** Signatures collected at the event, recorded by an officer: one member or a list. Members already signed are reported, not duplicated. */
export async function recordSignaturesAtEvent(
  deps: ServiceDependencies,
  actor: Actor,
  input: z.input<typeof eventSignaturesInput> & { municipalYear?: number },
) {
  const values = parseInput(eventSignaturesInput, input);
  requireWriter(actor, 'record signatures');
  const { pledge } = await pledgeOf(deps, actor.councilId, input.municipalYear);
  if (pledge.status !== 'OPEN') throw new ConflictError('Confirm the pledge and its event first (`cpe pledge confirm`).');
  const members = await deps.db.member.findMany({ where: { councilId: actor.councilId, reference: { in: values.memberReferences } } });
  const unknown = values.memberReferences.filter((reference) => !members.some((member) => member.reference === reference));
  if (unknown.length)
    throw new InputError(unknown.map((reference) => ({ field: 'memberReferences', message: `no member ${reference} in this council` })));
  const signedAt = values.signedAt ? new Date(values.signedAt) : (pledge.eventStartsAt ?? deps.clock());
  const result = await deps.db.pledgeSignature.createMany({
    data: members.map((member) => ({
      councilId: actor.councilId,
      pledgeId: pledge.id,
      memberId: member.id,
      signedAt,
      method: 'AT_EVENT' as const,
      recordedByOfficerId: actor.officerId,
    })),
    skipDuplicates: true,
  });
  const details = { members: values.memberReferences, recorded: result.count };
  await recordAudit(deps.db, actor, 'pledge.signatures-recorded', { type: 'Pledge', id: pledge.id }, details);
  return { recorded: result.count, alreadySigned: members.length - result.count };
}

function claimsOfPledgeLink(deps: ServiceDependencies, token: string): LinkClaims {
  return claimsOfLink(deps, token, 'pledge', {
    expired: 'Pledge links work until the end of the municipal year; ask democratic services about this year’s pledge.',
    invalid: 'Please use the button in your most recent email about the pledge, or ask democratic services for a new one.',
  });
}

async function memberPledge(deps: ServiceDependencies, token: string) {
  const claims = claimsOfPledgeLink(deps, token);
  const member = await deps.db.member.findFirst({ where: { id: claims.memberId, councilId: claims.councilId } });
  const pledge = await deps.db.pledge.findFirst({
    where: { id: claims.subjectId, councilId: claims.councilId },
    include: { council: true },
  });
  if (!member || !pledge)
    throw new LinkProblem('forged', 'This link does not match a pledge. Please use the button in your most recent email about the pledge.');
  const signature = await deps.db.pledgeSignature.findUnique({
    where: { pledgeId_memberId: { pledgeId: pledge.id, memberId: member.id } },
  });
  const rsvp = await deps.db.pledgeRsvp.findUnique({ where: { pledgeId_memberId: { pledgeId: pledge.id, memberId: member.id } } });
  return { member, pledge, signature, rsvp };
}

/** What the member's page shows: the pledge, the event, their reply and whether they have signed. */
export async function pledgePageForMember(deps: ServiceDependencies, token: string) {
  const { member, pledge, signature, rsvp } = await memberPledge(deps, token);
  const zone = pledge.council.timeZone;
  return {
    memberName: memberDisplayName(member),
    councilName: pledge.council.name,
    yearLabel: municipalYearOf(yearStart(pledge.council, pledge.municipalYear), pledge.council.municipalYearStartMonth).label,
    text: pledge.text,
    event: pledge.eventStartsAt && {
      when: formatDateTime(pledge.eventStartsAt, zone),
      where: pledge.eventLocation,
      ahead: pledge.eventStartsAt > deps.clock(),
    },
    open: pledge.status === 'OPEN',
    attending: rsvp?.attending ?? null,
    signed: signature && { on: formatDateTime(signature.signedAt, zone), method: signature.method },
  };
}

export async function answerPledgeInvitation(deps: ServiceDependencies, token: string, attending: boolean) {
  const { member, pledge } = await memberPledge(deps, token);
  await deps.db.pledgeRsvp.upsert({
    where: { pledgeId_memberId: { pledgeId: pledge.id, memberId: member.id } },
    create: { councilId: pledge.councilId, pledgeId: pledge.id, memberId: member.id, attending, respondedAt: deps.clock() },
    update: { attending, respondedAt: deps.clock() },
  });
}

const normalisedName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/gi, '')
    .toLowerCase();

/**
 * A member signs online, typing their name as confirmation. A second
 * signature is refused politely with the date of the first; nothing changes.
 */
export async function signPledgeOnline(deps: ServiceDependencies, token: string, input: z.input<typeof onlineSignatureInput>) {
  // Whether the member can still sign comes first: a typed name is only worth checking on a page that asks for one.
  const { member, pledge, signature } = await memberPledge(deps, token);
  if (signature) {
    throw new ConflictError(
      `You have already signed this pledge, on ${formatDateTime(signature.signedAt, pledge.council.timeZone)}. Thank you.`,
    );
  }
  if (pledge.status !== 'OPEN') throw new LinkProblem('withdrawn', 'This pledge is not open for signing.');
  const { typedName } = parseInput(onlineSignatureInput, input);
  const expected = `${member.givenName} ${member.familyName}`;
  if (normalisedName(typedName) !== normalisedName(expected)) {
    throw new InputError([{ field: 'typedName', message: `does not match the name we have for you (${expected}); type it as shown` }]);
  }
  try {
    await deps.db.pledgeSignature.create({
      data: { councilId: pledge.councilId, pledgeId: pledge.id, memberId: member.id, signedAt: deps.clock(), method: 'ONLINE', typedName },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw new ConflictError('You have already signed this pledge. Thank you.');
    throw error;
  }
  await deps.db.auditEvent.create({
    data: {
      councilId: pledge.councilId,
      actorType: 'MEMBER',
      actorId: member.id,
      action: 'pledge.signed-online',
      entityType: 'Pledge',
      entityId: pledge.id,
    },
  });
}

export const commitmentRenewedInput = z.object({ on: isoDateSchema });

/** Council renewed its commitment to looked-after children at its first ordinary meeting. */
export async function recordCommitmentRenewed(
  deps: ServiceDependencies,
  actor: Actor,
  input: z.input<typeof commitmentRenewedInput> & { municipalYear?: number },
) {
  const { on } = parseInput(commitmentRenewedInput, { on: input.on });
  requireWriter(actor, 'record the renewal of commitment');
  const { pledge } = await pledgeOf(deps, actor.councilId, input.municipalYear);
  await deps.db.pledge.update({ where: { id: pledge.id }, data: { commitmentRenewedOn: toDbDate(on) } });
  await recordAudit(deps.db, actor, 'pledge.commitment-renewed', { type: 'Pledge', id: pledge.id }, { on });
  await nudgePledgeCampaigns(deps, actor.councilId);
}

/**
 * The pledge as published: every member serving today, signed (with the
 * date) or not yet signed. Built on request, so it always shows the latest
 * signatures; members who have left drop off, though their signature is kept.
 */
export async function publishedPledge(deps: ServiceDependencies, councilSlug: string, municipalYear?: number): Promise<PublishedPledge> {
  const council = await deps.db.council.findUnique({ where: { slug: councilSlug } });
  if (!council) throw new NotFoundError('council', councilSlug);
  const { pledge } = await pledgeOf(deps, council.id, municipalYear);
  if (pledge.status === 'DRAFT') throw new NotFoundError('published pledge for', String(pledge.municipalYear));
  const today = localDateOf(deps.clock(), council.timeZone);
  const members = await deps.db.member.findMany({
    where: { councilId: council.id, ...servingOn(today) },
    include: { pledgeSignatures: { where: { pledgeId: pledge.id } } },
    orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
  });
  const listed = members.map((member) => ({
    name: memberDisplayName(member),
    signedOn: member.pledgeSignatures[0] ? localDateOf(member.pledgeSignatures[0].signedAt, council.timeZone) : null,
  }));
  return {
    councilName: council.name,
    yearLabel: municipalYearOf(yearStart(council, pledge.municipalYear), council.municipalYearStartMonth).label,
    version: pledge.version,
    text: pledge.text,
    adoptedOn: pledge.adoptedOn ? fromDbDate(pledge.adoptedOn) : null,
    childrenInCareCouncilNote: pledge.childrenInCareCouncilNote,
    members: listed,
    signedCount: listed.filter((member) => member.signedOn).length,
    asOf: today,
  };
}

/** For officers: the campaign's state and who has not signed. */
export const pledgeOverviewInput = z.object({ year: municipalYearSchema.optional() });

export async function pledgeOverview(deps: ServiceDependencies, actor: Actor, input: z.input<typeof pledgeOverviewInput> = {}) {
  const { year } = parseInput(pledgeOverviewInput, input);
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId } });
  const { pledge } = await pledgeOf(deps, actor.councilId, year);
  const published = pledge.status === 'DRAFT' ? null : await publishedPledge(deps, council.slug, pledge.municipalYear);
  return {
    version: pledge.version,
    status: pledge.status,
    event: pledge.eventStartsAt ? `${formatDateTime(pledge.eventStartsAt, council.timeZone)}, ${pledge.eventLocation ?? ''}` : null,
    eventStartsAt: pledge.eventStartsAt,
    eventStartsAtText: pledge.eventStartsAt && formatDateTime(pledge.eventStartsAt, council.timeZone),
    eventLocation: pledge.eventLocation,
    commitmentRenewedOn: pledge.commitmentRenewedOn && fromDbDate(pledge.commitmentRenewedOn),
    commitmentRenewedOnText: pledge.commitmentRenewedOn ? formatDate(fromDbDate(pledge.commitmentRenewedOn)) : null,
    signed: published?.signedCount ?? 0,
    serving: published?.members.length ?? 0,
    notSigned: published?.members.filter((member) => !member.signedOn).map((member) => member.name) ?? [],
  };
}

/**
 * For officers: every member serving today, with when and how they signed
 * the year's pledge (or null) and their answer to the invitation to the
 * event. Read on every request, so it is always the latest.
 */
export async function pledgeSignatories(deps: ServiceDependencies, actor: Actor, municipalYear?: number) {
  const { council, pledge } = await pledgeOf(deps, actor.councilId, municipalYear);
  const today = localDateOf(deps.clock(), council.timeZone);
  const members = await deps.db.member.findMany({
    where: { councilId: actor.councilId, ...servingOn(today) },
    select: {
      reference: true,
      givenName: true,
      familyName: true,
      roles: true,
      pledgeSignatures: { where: { pledgeId: pledge.id }, select: { signedAt: true, method: true } },
      pledgeRsvps: { where: { pledgeId: pledge.id }, select: { attending: true } },
    },
    orderBy: [{ familyName: 'asc' }, { givenName: 'asc' }],
  });
  return members.map((member) => {
    const signature = member.pledgeSignatures[0];
    return {
      reference: member.reference,
      name: memberDisplayName(member),
      signed: signature ? { when: formatDateTime(signature.signedAt, council.timeZone), method: signature.method } : null,
      /** Their answer to the invitation to the signing event; null when they have not answered. */
      attending: member.pledgeRsvps[0]?.attending ?? null,
    };
  });
}
export type PledgeSignatory = Awaited<ReturnType<typeof pledgeSignatories>>[number];
