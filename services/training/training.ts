import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { z } from 'zod';

import { localDateOf, municipalYearOf } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import type { TrainingMatrix } from '../../domain/training/reports';
import { requirementOn } from '../../domain/training/requirements';
import { buildAttendanceList, buildTrainingMatrix } from '../../db/training/matrix';
import { memberFactsOf, trainingMemberInclude } from '../../db/training/positions';
import { CourseKind, MemberRole, PanelKind, PoolPurpose, RenewalBasis } from '../../prisma/generated/client';
import { trainingRenewal, trainingWorkflowId } from '../../workflows/training-renewal';
import { requireWriter } from '../access';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { nudgeTraining } from '../duty-signals';
import { ConflictError, NotFoundError, parseInput } from '../errors';
import { wholeNumber } from '../whole-numbers';

const keySchema = z
  .string({ error: 'give a short key, e.g. safeguarding-seminar' })
  .trim()
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. safeguarding-seminar' })
  .max(60);
const dayCount = (max: number) =>
  wholeNumber('must be a whole number of days, e.g. 30', [0, 'must be 0 or more days'], [max, `must be at most ${max} days`]);

const courseFields = {
  title: z.string({ error: 'give the course title people know' }).trim().min(1, 'give the course title people know').max(120),
  kind: z.enum(CourseKind, { error: `must be one of ${Object.keys(CourseKind).join(', ')}` }),
  validityMonths: z.coerce
    .number({ error: 'must be a whole number of months, e.g. 12, or left blank if it never expires' })
    .int('must be a whole number of months, e.g. 12')
    .min(1, 'must be at least 1 month, or null if it never expires')
    .max(120, 'must be at most 120 months')
    .nullable(),
  renewalBasis: z.enum(RenewalBasis, { error: 'must be COMPLETION_DATE, PREVIOUS_EXPIRY or FIXED_MUNICIPAL_YEAR' }),
  renewalWindowDays: dayCount(365),
  reminderDays: z.array(dayCount(365)).max(6, 'at most 6 reminders'),
  inductionWeeks: wholeNumber(
    'must be a whole number of weeks, e.g. 8',
    [1, 'must be at least 1 week'],
    [52, 'must be at most 52 weeks'],
  ).nullable(),
  requiresOfficerVerification: z.boolean(),
  renewAfterElection: z.boolean(),
  published: z.boolean(),
  requiredForRoles: z.array(z.enum(MemberRole, { error: `each must be one of ${Object.keys(MemberRole).join(', ')}` })),
  requiredForPanels: z.array(z.enum(PanelKind, { error: `each must be one of ${Object.keys(PanelKind).join(', ')}` })),
  requiredForPools: z.array(z.enum(PoolPurpose, { error: `each must be one of ${Object.keys(PoolPurpose).join(', ')}` })),
};

const fixedYearNeedsWholeYears = (course: { renewalBasis?: string; validityMonths?: number | null }) =>
  course.renewalBasis !== 'FIXED_MUNICIPAL_YEAR' || (course.validityMonths ?? 0) % 12 === 0;
const wholeYearsProblem = { path: ['validityMonths'], error: 'must be whole years (12, 24, …) for a course renewed each municipal year' };

export const registerCourseInput = z
  .object({
    key: keySchema,
    ...courseFields,
    validityMonths: courseFields.validityMonths.default(null),
    renewalBasis: courseFields.renewalBasis.default('COMPLETION_DATE'),
    renewalWindowDays: courseFields.renewalWindowDays.default(60),
    reminderDays: courseFields.reminderDays.default([60, 30, 7]),
    inductionWeeks: courseFields.inductionWeeks.default(null),
    requiresOfficerVerification: courseFields.requiresOfficerVerification.default(false),
    renewAfterElection: courseFields.renewAfterElection.default(false),
    published: courseFields.published.default(true),
    requiredForRoles: courseFields.requiredForRoles.default([]),
    requiredForPanels: courseFields.requiredForPanels.default([]),
    requiredForPools: courseFields.requiredForPools.default([]),
  })
  .refine(fixedYearNeedsWholeYears, wholeYearsProblem);
export type RegisterCourseInput = z.input<typeof registerCourseInput>;

export const updateCourseInput = z
  .object({ key: keySchema, ...courseFields })
  .partial()
  .required({ key: true })
  .refine(fixedYearNeedsWholeYears, wholeYearsProblem);
export type UpdateCourseInput = z.input<typeof updateCourseInput>;

/** Every member's training on every course looks again (a course's rules changed, or seats and pools did). */
async function nudgeCourseForCouncil(deps: ServiceDependencies, councilId: string, courseId: string): Promise<void> {
  const members = await deps.db.member.findMany({ where: { councilId, leftOn: null }, select: { id: true } });
  for (const member of members) await nudgeTraining(deps, member.id, courseId);
}

export async function listCourses(deps: ServiceDependencies, actor: Actor) {
  return deps.db.course.findMany({ where: { councilId: actor.councilId }, orderBy: { title: 'asc' } });
}

/** The course with this key in the actor's council, if there is one. */
const findCourse = (deps: ServiceDependencies, actor: Actor, key: string) =>
  deps.db.course.findUnique({ where: { councilId_key: { councilId: actor.councilId, key } } });

/** One course by key, within the actor's council. */
export async function courseByKey(deps: ServiceDependencies, actor: Actor, key: string) {
  const course = await findCourse(deps, actor, key);
  if (!course) throw new NotFoundError('course', key);
  return course;
}

export async function registerCourse(deps: ServiceDependencies, actor: Actor, input: RegisterCourseInput) {
  const values = parseInput(registerCourseInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const existing = await findCourse(deps, actor, values.key);
  if (existing)
    throw new ConflictError(
      `A course with key "${values.key}" already exists (${existing.title}); change it with \`training course-update\`.`,
    );
  const course = await deps.db.course.create({ data: { councilId: actor.councilId, ...values } });
  await recordAudit(deps.db, actor, 'course.registered', { type: 'Course', id: course.id }, { key: course.key });
  await nudgeCourseForCouncil(deps, actor.councilId, course.id);
  return course;
}

/** Changes a course's rules; every member's cycle on it is reviewed under the new rules. */
export async function updateCourse(deps: ServiceDependencies, actor: Actor, input: UpdateCourseInput) {
  const { key, ...changes } = parseInput(updateCourseInput, input);
  requireWriter(actor, 'change training settings, seats or elections');
  const course = await courseByKey(deps, actor, key);
  const updated = await deps.db.course.update({ where: { id: course.id }, data: changes });
  await recordAudit(deps.db, actor, 'course.updated', { type: 'Course', id: course.id }, { changes: Object.keys(changes) });
  await nudgeCourseForCouncil(deps, actor.councilId, course.id);
  return updated;
}

export const complianceMatrixInput = z.object({ on: isoDateSchema.optional() });

/** Members × courses on a day (today unless `on` is given): valid, due soon, lapsed or never done, with the dates. */
export async function complianceMatrix(
  deps: ServiceDependencies,
  actor: Actor,
  input: z.input<typeof complianceMatrixInput> = {},
): Promise<TrainingMatrix> {
  // An empty filter (?on=) means today, as no filter does.
  const values = parseInput(complianceMatrixInput, { on: input.on || undefined });
  const council = await deps.db.council.findUniqueOrThrow({ where: { id: actor.councilId } });
  const on = values.on ?? localDateOf(deps.clock(), council.timeZone);
  const year = municipalYearOf(on, council.municipalYearStartMonth);
  return buildTrainingMatrix(deps.db, {
    councilId: actor.councilId,
    title: 'Training compliance',
    on,
    period: { label: `municipal year ${year.label} to date`, start: year.start, end: on },
  });
}

/** The public attendance list of a municipal year (this one unless `startYear` is given). */
export async function attendanceList(deps: ServiceDependencies, councilSlug: string, startYear?: number) {
  const council = await deps.db.council.findUnique({ where: { slug: councilSlug } });
  if (!council) throw new NotFoundError('council', councilSlug);
  const year = municipalYearOf(
    startYear ? `${startYear}-${String(council.municipalYearStartMonth).padStart(2, '0')}-01` : localDateOf(deps.clock(), council.timeZone),
    council.municipalYearStartMonth,
  );
  return buildAttendanceList(deps.db, {
    councilId: council.id,
    title: `Member training attendance, ${year.label}`,
    period: { label: year.label, start: year.start, end: year.end },
  });
}

/**
 * Starts a training cycle for every serving member on every course they need
 * today (idempotent: an existing cycle is kept). Run at every start-up so the
 * workflows always match the records.
 */
export async function ensureTrainingWorkflows(deps: ServiceDependencies): Promise<number> {
  const councils = await deps.db.council.findMany({ select: { id: true, timeZone: true } });
  let started = 0;
  for (const council of councils) {
    const on = localDateOf(deps.clock(), council.timeZone);
    const courses = await deps.db.course.findMany({ where: { councilId: council.id } });
    const members = await deps.db.member.findMany({ where: { councilId: council.id, leftOn: null }, include: trainingMemberInclude });
    for (const member of members) {
      const facts = memberFactsOf(member);
      for (const course of courses.filter((candidate) => requirementOn(candidate, facts, on))) {
        await deps.temporal.workflow.start(trainingRenewal, {
          workflowId: trainingWorkflowId(member.id, course.id),
          taskQueue: deps.taskQueue,
          args: [{ memberId: member.id, courseId: course.id }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        started += 1;
      }
    }
  }
  return started;
}
