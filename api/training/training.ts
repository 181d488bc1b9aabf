import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { CourseKind, MemberRole, PanelKind, PoolPurpose, RenewalBasis } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import {
  complianceMatrix,
  complianceMatrixInput,
  courseByKey,
  listCourses,
  registerCourse,
  registerCourseInput,
  updateCourse,
  updateCourseInput,
  type RegisterCourseInput,
  type UpdateCourseInput,
} from '../../services/training/training';
import { actorOf } from '../auth';
import { day, instant, text } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';

const tag = 'Training';
const courseKey = z.object({ key: text("the course's key, e.g. safeguarding-seminar") });

/** Where a member stands on a course. */
export const trainingState = z.enum(['VALID', 'DUE_SOON', 'LAPSED', 'NEVER_DONE']).describe('where the member stands on the course');
export const positionDates = {
  lastCompletedOn: day.nullable().describe('the last completion that counts'),
  validUntil: day.nullable().describe('its last valid day; null when it never expires, or there is none'),
  dueBy: day.nullable().describe('the day to act by: the expiry, or the deadline of a course never done'),
  overdue: z.boolean().describe('never done and past the deadline'),
  awaitingVerification: z.boolean().describe('a completion the member confirmed awaits an officer'),
};

const course = z.object({
  id: z.uuid(),
  key: text("the course's key"),
  title: text("the course's title"),
  kind: z.enum(CourseKind).describe('what kind of course'),
  validityMonths: z.number().int().nullable().describe('months a completion stays valid; null: it never expires'),
  renewalBasis: z.enum(RenewalBasis).describe('what a renewal counts from'),
  renewalWindowDays: z.number().int().describe('days before expiry that a renewal counts'),
  reminderDays: z.array(z.number().int()).describe('days before it is due that members are reminded'),
  inductionWeeks: z.number().int().nullable().describe('weeks a new member has to do it'),
  requiresOfficerVerification: z.boolean().describe("whether a member's own confirmation needs an officer to verify it"),
  renewAfterElection: z.boolean().describe('whether it is due again after each election'),
  published: z.boolean().describe('whether it appears on the public attendance list'),
  requiredForRoles: z.array(z.enum(MemberRole)).describe('roles that must do it'),
  requiredForPanels: z.array(z.enum(PanelKind)).describe('panels whose members must do it'),
  requiredForPools: z.array(z.enum(PoolPurpose)).describe('pools whose members must do it'),
  createdAt: instant.describe('when it was added'),
});

const matrix = z.object({
  title: text("the matrix's title"),
  councilName: text("the council's name"),
  on: day.describe('the day states are given for'),
  period: z.object({
    label: text('the period as people read it'),
    start: day.describe('its first day'),
    end: day.describe('its last day'),
  }),
  courses: z.array(z.object({ key: text("the course's key"), title: text("the course's title") })),
  rows: z.array(
    z.object({
      memberName: text("the member's name as shown"),
      reference: text("the member's reference"),
      ward: text('their ward').nullable(),
      cells: z.array(
        z.object({
          courseKey: text("the course's key"),
          state: z.enum([...trainingState.options, 'NOT_REQUIRED']).describe('where they stand, or NOT_REQUIRED'),
          ...positionDates,
          completedInPeriod: z.array(day).describe('completions in the period, oldest first'),
        }),
      ),
      compliant: z.boolean().describe('every required course valid (or due soon) on the day'),
    }),
  ),
  byCourse: z.array(
    z.object({
      courseKey: text("the course's key"),
      required: z.number().int().describe('members who must do it'),
      valid: z.number().int().describe('of them, valid'),
      dueSoon: z.number().int().describe('of them, due soon'),
      lapsed: z.number().int().describe('of them, lapsed'),
      neverDone: z.number().int().describe('of them, never done'),
      completedInPeriod: z.number().int().describe('completions in the period'),
    }),
  ),
});

// Bodies are typed as the services' inputs; each service validates them with its zod schema.
export async function trainingRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  listRoute(app, { url: '/courses', tag, summary: 'The courses and who must do them.', key: 'courses', item: course }, (actor) =>
    listCourses(deps, actor),
  );
  createRoute<RegisterCourseInput>(
    app,
    {
      url: '/courses',
      tag,
      summary: 'Add a course.',
      input: registerCourseInput,
      response: course,
    },
    async (actor, body) => registerCourse(deps, actor, body),
  );
  route<{ Params: { key: string } }>(
    app,
    { method: 'GET', url: '/courses/:key', tag, summary: 'One course.', access: 'any officer', params: courseKey, response: course },
    async (request) => courseByKey(deps, actorOf(request), request.params.key),
  );
  route<{ Params: { key: string }; Body: Omit<UpdateCourseInput, 'key'> }>(
    app,
    {
      method: 'PATCH',
      url: '/courses/:key',
      tag,
      summary: 'Change a course: only the fields given change.',
      access: 'officers and admins',
      input: updateCourseInput,
      response: course,
    },
    async (request) => updateCourse(deps, actorOf(request), { ...request.body, key: request.params.key }),
  );

  route<{ Querystring: { on?: string } }>(
    app,
    {
      method: 'GET',
      url: '/training/matrix',
      tag,
      summary: 'Members × courses on a day (today unless ?on= is given): valid, due soon, lapsed or never done, with the dates.',
      access: 'any officer',
      query: complianceMatrixInput,
      response: matrix,
    },
    async (request) => complianceMatrix(deps, actorOf(request), { on: request.query.on }),
  );
}
