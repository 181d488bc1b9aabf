import { z } from 'zod';

import { fromDbDate, localDateOf, toDbDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { memberDisplayName } from '../../domain/people';
import { VISIT_CADENCES } from '../../domain/visits/periods';
import { cadenceAllowed, defaultCadenceMonths, poolPurposeFor } from '../../domain/visits/pools';
import { programmeChanged, programmeState, visitProgramme, visitProgrammeWorkflowId } from '../../workflows/visit-programme';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { ConflictError, NotFoundError, parseInput } from '../errors';
import { nudgeProgramme } from '../duty-signals';
import { wholeNumber, wholeNumberFrom } from '../whole-numbers';
import { visitOutline } from './visits';

const keySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. oakfield-house' })
  .max(60);

export const registerEstablishmentInput = z.object({
  key: keySchema,
  name: z.string().trim().min(1, 'give the name people know it by').max(120),
  kind: z.enum(['CHILDRENS_HOME', 'SOCIAL_WORK_OFFICE'], {
    error: 'choose a children’s home (CHILDRENS_HOME) or a social work office (SOCIAL_WORK_OFFICE)',
  }),
  address: z.string().trim().max(200).optional(),
  ofstedUrn: z.string().trim().max(20).optional(),
  managerName: z.string().trim().max(120).optional(),
  managerEmail: z.email({ error: 'must be an email address, e.g. manager@council.gov.uk' }).optional(),
});
export type RegisterEstablishmentInput = z.infer<typeof registerEstablishmentInput>;

export const startProgrammeInput = z
  .object({
    establishmentKey: keySchema,
    poolKey: z
      .string({ error: 'choose the pool whose members make these visits' })
      .trim()
      .min(1, 'choose the pool whose members make these visits')
      .pipe(keySchema),
    cadenceMonths: z.coerce
      .number()
      .refine((value) => (VISIT_CADENCES as readonly number[]).includes(value), {
        error: `must be one of ${VISIT_CADENCES.join(', ')} (months)`,
      })
      .optional(),
    visitorsPerVisit: wholeNumberFrom(1, 2, 'must be 1 or 2').default(1),
    reminderDays: z
      .array(
        wholeNumber(
          'each must be a whole number of days, e.g. 14',
          [1, 'each must be at least 1 day'],
          [180, 'each must be at most 180 days'],
        ),
      )
      .max(5, 'at most 5 reminders')
      .default([14, 3]),
    responseDays: wholeNumber(
      'must be a whole number of days, e.g. 5',
      [1, 'must be at least 1 day'],
      [28, 'must be at most 28 days'],
    ).default(5),
  })
  .strict();
export type StartProgrammeInput = z.input<typeof startProgrammeInput>;

export const establishmentKeyInput = z.object({ establishmentKey: keySchema });

export const recordConflictInput = z.object({
  establishmentKey: keySchema,
  memberReference: z.string({ error: 'choose the member' }).trim().min(1, 'choose the member'),
  reason: z.string().trim().min(3, 'say briefly what the conflict is (it is shown to officers)').max(300),
  from: isoDateSchema,
  to: isoDateSchema.optional(),
});
export type RecordConflictInput = z.input<typeof recordConflictInput>;

async function establishmentOf(deps: ServiceDependencies, actor: Actor, key: string) {
  const establishment = await deps.db.establishment.findUnique({
    where: { councilId_key: { councilId: actor.councilId, key } },
    include: { council: { select: { timeZone: true } } },
  });
  if (!establishment) throw new NotFoundError('home or office', key);
  return establishment;
}

export async function registerEstablishment(deps: ServiceDependencies, actor: Actor, input: RegisterEstablishmentInput) {
  const values = parseInput(registerEstablishmentInput, input);
  requireWriter(actor, 'change visit programmes');
  const existing = await deps.db.establishment.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.key } } });
  if (existing) throw new ConflictError(`A home or office with key "${values.key}" is already registered (${existing.name}).`);
  const establishment = await deps.db.establishment.create({ data: { councilId: actor.councilId, ...values } });
  await recordAudit(deps.db, actor, 'establishment.registered', { type: 'Establishment', id: establishment.id }, { key: values.key });
  return establishment;
}

/**
 * Starts (or updates) the visit programme of a home or office. Starting twice
 * is harmless: the workflow ID is the establishment's, and an existing run is
 * kept and told to pick up the new settings. A new run gets the same signal
 * before its first step, which reads the settings anyway.
 */
export async function startProgramme(deps: ServiceDependencies, actor: Actor, input: StartProgrammeInput) {
  const values = parseInput(startProgrammeInput, input);
  requireWriter(actor, 'change visit programmes');
  // Looked up side by side, and the programme recorded, signalled and audited in two more round trips: bulk starts are quick.
  const [establishment, pool] = await Promise.all([
    establishmentOf(deps, actor, values.establishmentKey),
    deps.db.pool.findUnique({ where: { councilId_key: { councilId: actor.councilId, key: values.poolKey } } }),
  ]);
  if (!establishment.active) throw new ConflictError(`${establishment.name} is closed (inactive); reopen it before starting visits.`);
  if (!pool) throw new NotFoundError('pool', values.poolKey);
  const expected = poolPurposeFor(establishment.kind);
  if (pool.purpose !== expected) {
    throw new ConflictError(
      `${pool.name} is a ${pool.purpose === 'REG33_HOMES' ? 'Regulation 33 (homes)' : 'Recommendation 41 (offices)'} pool; ${establishment.name} needs a ${expected === 'REG33_HOMES' ? 'Regulation 33' : 'Recommendation 41'} pool.`,
    );
  }
  const cadenceMonths = values.cadenceMonths ?? defaultCadenceMonths(expected);
  if (!cadenceAllowed(expected, cadenceMonths))
    throw new ConflictError('Regulation 33 visits to children’s homes are monthly; cadenceMonths must be 1.');
  const settings = {
    poolId: pool.id,
    cadenceMonths,
    visitorsPerVisit: values.visitorsPerVisit,
    reminderDays: values.reminderDays,
    responseDays: values.responseDays,
    status: 'ACTIVE' as const,
  };
  const programme = await deps.db.visitProgramme.upsert({
    where: { establishmentId: establishment.id },
    create: {
      councilId: actor.councilId,
      establishmentId: establishment.id,
      startsOn: toDbDate(localDateOf(deps.clock(), establishment.council.timeZone)),
      ...settings,
    },
    update: settings,
  });
  const workflowId = visitProgrammeWorkflowId(establishment.id);
  await Promise.all([
    // One round trip: starts the run if there is none, and tells a running one to pick up the new settings.
    deps.temporal.workflow.signalWithStart(visitProgramme, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ programmeId: programme.id }],
      signal: programmeChanged,
    }),
    recordAudit(deps.db, actor, 'programme.started', { type: 'VisitProgramme', id: programme.id }, { ...settings, poolKey: pool.key }),
  ]);
  return { programmeId: programme.id, workflowId };
}

async function setProgrammeStatus(
  deps: ServiceDependencies,
  actor: Actor,
  input: { establishmentKey: string },
  status: 'ACTIVE' | 'PAUSED' | 'STOPPED',
) {
  const { establishmentKey } = parseInput(establishmentKeyInput, input);
  requireWriter(actor, 'change visit programmes');
  const establishment = await establishmentOf(deps, actor, establishmentKey);
  const programme = await deps.db.visitProgramme.findUnique({ where: { establishmentId: establishment.id } });
  if (!programme) throw new NotFoundError('visit programme for', establishmentKey);
  await deps.db.visitProgramme.update({ where: { id: programme.id }, data: { status } });
  await nudgeProgramme(deps, establishment.id, programmeChanged);
  await recordAudit(deps.db, actor, `programme.${status.toLowerCase()}`, { type: 'VisitProgramme', id: programme.id });
  return { programmeId: programme.id, status };
}

/** Pausing cancels this period's open visit (visitors' calendars are cleared); resuming opens it again. */
export const pauseProgramme = (deps: ServiceDependencies, actor: Actor, input: { establishmentKey: string }) =>
  setProgrammeStatus(deps, actor, input, 'PAUSED');
export const resumeProgramme = (deps: ServiceDependencies, actor: Actor, input: { establishmentKey: string }) =>
  setProgrammeStatus(deps, actor, input, 'ACTIVE');
export const stopProgramme = (deps: ServiceDependencies, actor: Actor, input: { establishmentKey: string }) =>
  setProgrammeStatus(deps, actor, input, 'STOPPED');

/** A conflict of interest (reg 43) keeps the member away from this establishment's visits from its start date. */
export async function recordConflict(deps: ServiceDependencies, actor: Actor, input: RecordConflictInput) {
  const values = parseInput(recordConflictInput, input);
  requireWriter(actor, 'change visit programmes');
  const establishment = await establishmentOf(deps, actor, values.establishmentKey);
  const member = await deps.db.member.findUnique({
    where: { councilId_reference: { councilId: actor.councilId, reference: values.memberReference } },
  });
  if (!member) throw new NotFoundError('member', values.memberReference);
  const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
  const conflict = await deps.db.conflictOfInterest.create({
    data: {
      councilId: actor.councilId,
      memberId: member.id,
      establishmentId: establishment.id,
      reason: values.reason,
      recordedBy: officer.name,
      fromDate: toDbDate(values.from),
      toDate: values.to ? toDbDate(values.to) : null,
    },
  });
  const details = { member: member.reference, establishment: establishment.key };
  await recordAudit(deps.db, actor, 'conflict.recorded', { type: 'ConflictOfInterest', id: conflict.id }, details);
  return conflict;
}

/**
 * One home or office for its page: its details, its programme, the conflicts
 * of interest recorded against it, and the council's calendar (today and the
 * month its municipal year starts) for placing visit periods.
 */
export async function establishmentDetails(deps: ServiceDependencies, actor: Actor, key: string) {
  const establishment = await deps.db.establishment.findUnique({
    where: { councilId_key: { councilId: actor.councilId, key } },
    include: {
      council: { select: { timeZone: true, municipalYearStartMonth: true } },
      programme: { include: { pool: { select: { key: true, name: true } } } },
      conflicts: { include: { member: true }, orderBy: [{ fromDate: 'desc' }, { createdAt: 'desc' }] },
    },
  });
  if (!establishment) throw new NotFoundError('home or office', key);
  const { programme, council } = establishment;
  return {
    key: establishment.key,
    name: establishment.name,
    kind: establishment.kind,
    active: establishment.active,
    address: establishment.address,
    ofstedUrn: establishment.ofstedUrn,
    managerName: establishment.managerName,
    managerEmail: establishment.managerEmail,
    today: localDateOf(deps.clock(), council.timeZone),
    municipalYearStartMonth: council.municipalYearStartMonth,
    programme: programme && {
      status: programme.status,
      poolKey: programme.pool.key,
      poolName: programme.pool.name,
      cadenceMonths: programme.cadenceMonths,
      visitorsPerVisit: programme.visitorsPerVisit,
      reminderDays: programme.reminderDays,
      responseDays: programme.responseDays,
      startsOn: fromDbDate(programme.startsOn),
    },
    conflicts: establishment.conflicts.map((conflict) => ({
      memberReference: conflict.member.reference,
      memberName: memberDisplayName(conflict.member),
      reason: conflict.reason,
      recordedBy: conflict.recordedBy,
      from: fromDbDate(conflict.fromDate),
      to: conflict.toDate ? fromDbDate(conflict.toDate) : null,
    })),
  };
}
export type EstablishmentDetails = Awaited<ReturnType<typeof establishmentDetails>>;

/** How long the overview waits for a programme to tell its phase: with the worker down, a query is never answered. */
const PHASE_QUERY_SECONDS = 3;

/** Every home and office with its programme and this period's visit, for the officer's overview. */
export async function listProgrammes(deps: ServiceDependencies, actor: Actor) {
  const establishments = await deps.db.establishment.findMany({
    where: { councilId: actor.councilId },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    include: {
      programme: { include: { pool: { select: { key: true, name: true } } } },
      visits: { orderBy: { periodStart: 'desc' }, take: 1, include: { assignments: { include: { member: true } } } },
    },
  });
  return Promise.all(
    establishments.map(async (establishment) => {
      const visit = establishment.visits[0];
      let phase: string | null = null;
      if (establishment.programme?.status === 'ACTIVE') {
        phase = await deps.temporal
          .withDeadline(Date.now() + PHASE_QUERY_SECONDS * 1000, () =>
            deps.temporal.workflow.getHandle(visitProgrammeWorkflowId(establishment.id)).query(programmeState),
          )
          .then((state) => state.phase)
          .catch(() => 'NOT RUNNING');
      }
      return {
        key: establishment.key,
        name: establishment.name,
        kind: establishment.kind,
        active: establishment.active,
        programme: establishment.programme && {
          status: establishment.programme.status,
          pool: establishment.programme.pool.name,
          cadenceMonths: establishment.programme.cadenceMonths,
          visitorsPerVisit: establishment.programme.visitorsPerVisit,
          reminderDays: establishment.programme.reminderDays,
          workflowPhase: phase,
        },
        currentVisit: visit && visitOutline(visit),
      };
    }),
  );
}
