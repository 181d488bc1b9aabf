import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { TrainingSource } from '../../prisma/generated/client';
import type { ServiceDependencies } from '../../services/context';
import { InputError, parseInput } from '../../services/errors';
import {
  importSessionRegister,
  importSessionRegisterInput,
  pendingVerifications,
  previewSessionRegister,
  recordTraining,
  recordTrainingInput,
  trainingHistory,
  verifyTraining,
  verifyTrainingInput,
  type ImportSessionRegisterInput,
  type RecordTrainingInput,
} from '../../services/training/records';
import { actorOf } from '../auth';
import { acceptCsvFiles, csvFileOf } from '../csv';
import { day, dayText, instant, memberRef, text } from '../openapi/answers';
import { createRoute, listRoute, route } from '../openapi/operation';
import { positionDates, trainingState } from './training';

/** A register sent as text/csv names its session in the query; the service then checks the values. */
const registerQuery = z.object({
  course: z
    .string({ error: 'give the course key in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' })
    .describe("the course's key, when the register is sent as text/csv"),
  completedOn: z
    .string({ error: 'give the day of the session in the query, e.g. ?course=safeguarding-seminar&completedOn=2026-11-23' })
    .describe('the day of the session (YYYY-MM-DD), when the register is sent as text/csv'),
});

const tag = 'Training';
const courseRef = z.object({ key: text("the course's key"), title: text("the course's title") });
const registerCsv =
  'the register as a spreadsheet saves it (member_reference,email,evidence), with ?course=…&completedOn=… naming the session';
const history = z.object({
  member: memberRef,
  today: day.describe('the day positions are given for'),
  courses: z.array(
    courseRef.extend({
      position: z.object({
        required: z.boolean().describe('whether the member must do it'),
        state: trainingState,
        ...positionDates,
        windowOpensOn: day.nullable().describe('the first day of the renewal window, when there is one'),
      }),
      records: z
        .array(
          z.object({
            recordId: z.uuid(),
            completedOn: day.describe('the day of the completion'),
            expiresOn: day.nullable().describe('its last valid day; null when it never expires'),
            source: z.enum(TrainingSource).describe('how it was recorded'),
            evidenceRef: text('a reference to the evidence, e.g. a certificate number').nullable(),
            recordedBy: text('the officer who recorded it; null when the member confirmed it').nullable(),
            verifiedBy: text('the officer who verified it').nullable(),
            verifiedAt: instant.nullable().describe('when it was verified'),
          }),
        )
        .describe('newest first'),
    }),
  ),
});

// Bodies are typed as the services expect; the services validate them and name any field that is wrong.
/** Members' training records: single completions, session registers, verification and history. */
export async function trainingRecordRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  // A register exported from a spreadsheet can be sent as it is.
  acceptCsvFiles(app);

  createRoute<RecordTrainingInput>(
    app,
    {
      url: '/training/records',
      tag,
      summary: "Record one member's completion of a course (verified as it is recorded).",
      input: recordTrainingInput,
      response: z.object({
        record: z.object({
          recordId: z.uuid(),
          member: memberRef,
          courseTitle: text("the course's title"),
          completedOn: day.describe('the day of the completion'),
          expiresOn: day.nullable().describe('its last valid day; null when it never expires'),
        }),
      }),
    },
    async (actor, body) => ({ record: await recordTraining(deps, actor, { ...body }) }),
  );

  route<{ Body: ImportSessionRegisterInput }>(
    app,
    {
      method: 'POST',
      url: '/training/registers',
      tag,
      summary: "Record a session's register: every row, or none when any row has a problem.",
      access: 'officers and admins',
      query: registerQuery.partial(),
      input: importSessionRegisterInput,
      csv: registerCsv,
      status: 201,
      response: z.object({ recorded: z.number().int().describe('completions recorded'), courseTitle: text("the course's title") }),
    },
    async (request) => importSessionRegister(deps, actorOf(request), registerOf(request)),
  );

  /** What the register would record, checked as the import checks it; nothing is written. */
  route<{ Body: ImportSessionRegisterInput }>(
    app,
    {
      method: 'POST',
      url: '/training/registers/preview',
      tag,
      summary: 'What a register would record, checked as the import checks it; nothing is recorded.',
      access: 'officers and admins',
      query: registerQuery.partial(),
      input: importSessionRegisterInput,
      csv: registerCsv,
      response: z.object({
        course: courseRef,
        completedOn: day.describe('the day of the session'),
        attendees: z.array(
          z.object({
            row: z.number().int().describe("the file's line"),
            reference: text("the member's reference"),
            name: text("the member's name as shown"),
            evidence: text('the evidence reference given').nullable(),
          }),
        ),
      }),
    },
    async (request) => previewSessionRegister(deps, actorOf(request), registerOf(request)),
  );
  trainingFollowUpRoutes(app, deps);
}

/** Verifying records, and who still has training to do. */
function trainingFollowUpRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  route<{ Params: { recordId: string } }>(
    app,
    {
      method: 'POST',
      url: '/training/records/:recordId/verify',
      tag,
      summary: 'Verify a completion a member confirmed through their link.',
      access: 'officers and admins',
      input: verifyTrainingInput,
      response: z.object({
        recordId: z.uuid(),
        member: memberRef,
        courseKey: text("the course's key"),
        courseTitle: text("the course's title"),
        completedOn: day.describe('the day of the completion'),
        alreadyVerified: z.boolean().describe('true when it was verified before, and nothing changed'),
      }),
    },
    async (request) => verifyTraining(deps, actorOf(request), { recordId: request.params.recordId }),
  );

  listRoute(
    app,
    {
      url: '/training/pending',
      tag,
      summary: "Members' own confirmations awaiting an officer's verification.",
      key: 'pending',
      item: z.object({
        recordId: z.uuid(),
        member: memberRef,
        course: courseRef,
        completedOn: day.describe('the day of the completion'),
        completedOnText: dayText,
        evidenceRef: text('a reference to the evidence').nullable(),
        confirmedAt: instant.describe('when the member confirmed it'),
      }),
    },
    (actor) => pendingVerifications(deps, actor),
  );

  // The address calls the member `reference`, as every /members/:reference route does, and so do its problems.
  route<{ Params: { reference: string } }>(
    app,
    {
      method: 'GET',
      url: '/members/:reference/training',
      tag,
      summary: "A member's training history and where they stand on each course.",
      access: 'any officer',
      params: z.object({ reference: text("the member's reference") }),
      response: history,
    },
    async (request) =>
      trainingHistory(deps, actorOf(request), { memberReference: request.params.reference }).catch((error: unknown) => {
        throw error instanceof InputError ? new InputError(error.problems.map((problem) => ({ ...problem, field: 'reference' }))) : error;
      }),
  );
}

/** The register sent: a JSON body, or a CSV file with its session in the query. */
function registerOf(request: FastifyRequest<{ Body: ImportSessionRegisterInput }>): ImportSessionRegisterInput {
  const csv = csvFileOf(request);
  return csv === undefined ? request.body : { ...sessionOf(request.query), csv };
}

function sessionOf(query: unknown): Pick<ImportSessionRegisterInput, 'courseKey' | 'completedOn'> {
  const { course, completedOn } = parseInput(registerQuery, query);
  return { courseKey: course, completedOn };
}
