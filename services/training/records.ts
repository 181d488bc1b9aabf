import { z } from 'zod';

import { addDays, formatDate, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { isoDateSchema } from '../../domain/calendar-input';
import { memberDisplayName } from '../../domain/people';
import { expiryFor } from '../../domain/training/expiry';
import { trainingPosition, type TrainingPosition } from '../../domain/training/position';
import { completionOf, positionOnCourse, positionRulesOf, trainingMemberInclude } from '../../db/training/positions';
import type { LinkClaims } from '../../links/signed-links';
import type { Prisma, TrainingSource } from '../../prisma/generated/client';
import { recordAudit } from '../audit';
import type { Actor, ServiceDependencies } from '../context';
import { csvFileSchema, readCsvRows, rowField, type NumberedRow } from '../csv-import';
import { nudgeTraining } from '../duty-signals';
import { ConflictError, InputError, NotFoundError, parseInput, type FieldProblem } from '../errors';
import { requireWriter } from '../access';
import {
  checkMemberRows,
  memberNamingRowSchema,
  membersNamedIn,
  directoryMemberSelect,
  type DirectoryMember,
  type MemberDirectory,
} from '../member-directory';
import { claimsOfLink, LinkProblem } from '../member-links';

// ───────────────────────────── inputs ─────────────────────────────

const memberReferenceSchema = z
  .string({ error: 'give the member reference, e.g. NM001' })
  .trim()
  .min(1, { error: 'give the member reference, e.g. NM001', abort: true })
  .max(40, { error: 'must be at most 40 characters; check the reference in the members list' });

const courseKeySchema = z
  .string({ error: 'give the course key, e.g. safeguarding-seminar' })
  .trim()
  .min(1, { error: 'give the course key, e.g. safeguarding-seminar', abort: true })
  .regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens, e.g. safeguarding-seminar' })
  .max(60, { error: 'must be at most 60 characters' });

const EVIDENCE_MAX = 200;
const evidenceSchema = z
  .string({ error: 'must be text, e.g. a certificate number or the sign-in sheet reference' })
  .trim()
  .max(EVIDENCE_MAX, { error: `must be at most ${EVIDENCE_MAX} characters; give a short reference, e.g. a certificate number` })
  .optional();

export const recordTrainingInput = z.object({
  memberReference: memberReferenceSchema,
  courseKey: courseKeySchema,
  completedOn: isoDateSchema,
  evidenceRef: evidenceSchema,
});
export type RecordTrainingInput = z.input<typeof recordTrainingInput>;

export const SESSION_REGISTER_COLUMNS = ['member_reference', 'email', 'evidence'] as const;

export const importSessionRegisterInput = z.object({
  courseKey: courseKeySchema,
  /** The day of the session everyone in the file attended. */
  completedOn: isoDateSchema,
  csv: csvFileSchema(SESSION_REGISTER_COLUMNS),
});
export type ImportSessionRegisterInput = z.input<typeof importSessionRegisterInput>;

/** One row of a session register: a member who attended, by reference or email, with optional evidence. */
export const sessionRegisterRow = memberNamingRowSchema({
  evidence: z
    .string()
    .max(EVIDENCE_MAX, { error: `must be at most ${EVIDENCE_MAX} characters; give a short reference, e.g. the sign-in sheet number` })
    .optional(),
});
export type SessionRegisterRow = z.infer<typeof sessionRegisterRow>;

export const memberConfirmationInput = z.object({ completedOn: isoDateSchema, evidenceRef: evidenceSchema });
export type MemberConfirmationInput = z.input<typeof memberConfirmationInput>;

export const verifyTrainingInput = z.object({
  recordId: z.uuid({ error: 'must be a training record id (a UUID) from `cpe training pending`' }),
});
export type VerifyTrainingInput = z.input<typeof verifyTrainingInput>;

export const trainingHistoryInput = z.object({ memberReference: memberReferenceSchema });
export type TrainingHistoryInput = z.input<typeof trainingHistoryInput>;

// ───────────────────────────── results ─────────────────────────────

export interface MemberRef {
  reference: string;
  name: string;
}

export interface RecordedTraining {
  recordId: string;
  member: MemberRef;
  courseTitle: string;
  completedOn: IsoDate;
  /** Last valid day; null when the course never expires. */
  expiresOn: IsoDate | null;
}

export interface VerifiedTraining {
  recordId: string;
  member: MemberRef;
  courseKey: string;
  courseTitle: string;
  completedOn: IsoDate;
  /** True when it was verified before this request, which then changed nothing. */
  alreadyVerified: boolean;
}

export interface PendingVerification {
  recordId: string;
  member: MemberRef;
  course: { key: string; title: string };
  completedOn: IsoDate;
  /** The completion date for people: "Monday 2 November 2026". */
  completedOnText: string;
  evidenceRef: string | null;
  /** When the member confirmed it through their link. */
  confirmedAt: Date;
}

export interface HistoryEntry {
  recordId: string;
  completedOn: IsoDate;
  expiresOn: IsoDate | null;
  source: TrainingSource;
  evidenceRef: string | null;
  /** The officer who recorded it; null when the member confirmed it. */
  recordedBy: string | null;
  /** The officer who verified it; null when unverified, or counted on the member's word for a course that allows it. */
  verifiedBy: string | null;
  verifiedAt: Date | null;
}

export interface CourseHistory {
  key: string;
  title: string;
  /** Where the member stands on the course today. */
  position: TrainingPosition;
  /** Newest first. */
  records: HistoryEntry[];
}

export interface TrainingHistory {
  member: MemberRef;
  today: IsoDate;
  courses: CourseHistory[];
}

// ───────────────────────────── officers' use cases ─────────────────────────────

/**
 * An officer records one completion. It is verified as it is recorded, and
 * its expiry follows the course's renewal basis. Another record for the same
 * member, course and day is refused: a renewal is a new record on its own day.
 */
export async function recordTraining(deps: ServiceDependencies, actor: Actor, input: RecordTrainingInput): Promise<RecordedTraining> {
  const { memberReference, courseKey, completedOn, evidenceRef } = parseInput(recordTrainingInput, input);
  requireWriter(actor, 'record training');
  const council = await councilOf(deps, actor.councilId);
  const course = await courseOf(deps, actor.councilId, courseKey);
  const member = await memberOf(deps, actor.councilId, memberReference);
  const who = `${memberDisplayName(member)} (${member.reference})`;
  const dateProblem = futureDateProblem(completedOn, council.today) ?? notServingProblem(member, completedOn, who);
  if (dateProblem) throw new InputError([{ field: 'completedOn', message: `${dateProblem}; give the day they completed it as a member` }]);

  const record = await deps.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const existing = await tx.trainingRecord.findUnique({
      where: { memberId_courseId_completedOn: { memberId: member.id, courseId: course.id, completedOn: toDbDate(completedOn) } },
      select: { id: true, verifiedAt: true },
    });
    if (existing) throw new ConflictError(alreadyRecorded(who, member.reference, course.title, completedOn, existing));
    const earlier = await earlierRecordsOf(tx, course.id, [member.id], completedOn);
    const expiresOn = expiryOfNewRecord(course, council, member, earlier.get(member.id) ?? [], completedOn);
    const created = await tx.trainingRecord.create({
      data: {
        ...completionData({ councilId: actor.councilId, memberId: member.id, courseId: course.id, completedOn, expiresOn, evidenceRef }),
        ...officerRecording(actor, deps.clock(), 'OFFICER'),
      },
      select: { id: true },
    });
    await auditCompletion(tx, actor, 'training.recorded', created.id, { member: member.reference, course: course.key, completedOn });
    return { id: created.id, expiresOn };
  });
  await nudgeTraining(deps, member.id, course.id);
  return {
    recordId: record.id,
    member: { reference: member.reference, name: memberDisplayName(member) },
    courseTitle: course.title,
    completedOn,
    expiresOn: record.expiresOn,
  };
}

/** A session register read and checked against the course and the day, before its rows are checked against the members. */
async function sessionRegisterOf(deps: ServiceDependencies, actor: Actor, input: ImportSessionRegisterInput) {
  const { courseKey, completedOn, csv } = parseInput(importSessionRegisterInput, input);
  requireWriter(actor, 'record training');
  const council = await councilOf(deps, actor.councilId);
  const course = await courseOf(deps, actor.councilId, courseKey);
  const inFuture = futureDateProblem(completedOn, council.today);
  if (inFuture) throw new InputError([{ field: 'completedOn', message: `${inFuture}; give the day of the session` }]);
  return { council, course, completedOn, ...readCsvRows(csv, sessionRegisterRow, SESSION_REGISTER_COLUMNS) };
}

type SessionRegister = Awaited<ReturnType<typeof sessionRegisterOf>>;

/** The attendees a register would record, or an InputError listing every problem in it by row. */
async function attendeesOf(tx: Pick<Tx, 'member' | 'trainingRecord'>, actor: Actor, register: SessionRegister): Promise<Attendee[]> {
  const directory = await membersNamedIn(tx, actor.councilId, register.rows);
  const recorded = await alreadyRecordedOn(tx, register.course.id, directory, register.completedOn);
  return checkRegister(register.rows, register.problems, directory, recorded, register.completedOn);
}

export interface SessionRegisterPreview {
  course: { key: string; title: string };
  completedOn: IsoDate;
  attendees: Array<{ row: number; reference: string; name: string; evidence: string | null }>;
}

/** What importing a session register would record, refused with the same problems as the import; nothing is written. */
export async function previewSessionRegister(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportSessionRegisterInput,
): Promise<SessionRegisterPreview> {
  const register = await sessionRegisterOf(deps, actor, input);
  const attendees = await attendeesOf(deps.db, actor, register);
  return {
    course: { key: register.course.key, title: register.course.title },
    completedOn: register.completedOn,
    attendees: attendees.map(({ row, member, evidence }) => ({
      row,
      reference: member.reference,
      name: memberDisplayName(member),
      evidence: evidence ?? null,
    })),
  };
}

/**
 * A session's register: everyone in the CSV attended the course on the day.
 * Every row is recorded, or none: all problems are reported together by row
 * (unknown members, a reference and an email naming different members,
 * members not serving that day, members listed twice, or already recorded).
 */
export async function importSessionRegister(
  deps: ServiceDependencies,
  actor: Actor,
  input: ImportSessionRegisterInput,
): Promise<{ recorded: number; courseTitle: string }> {
  const register = await sessionRegisterOf(deps, actor, input);
  const { council, course, completedOn } = register;

  const memberIds = await deps.db.$transaction(async (tx) => {
    // The course's row lock keeps two registers (or a register and a recording) from adding the same completion at once.
    await lockCourse(tx, course.id);
    const attendees = await attendeesOf(tx, actor, register);
    const earlier = await earlierRecordsOf(
      tx,
      course.id,
      attendees.map(({ member }) => member.id),
      completedOn,
    );
    await tx.trainingRecord.createMany({
      data: attendees.map(({ member, evidence }) => ({
        ...completionData({
          councilId: actor.councilId,
          memberId: member.id,
          courseId: course.id,
          completedOn,
          expiresOn: expiryOfNewRecord(course, council, member, earlier.get(member.id) ?? [], completedOn),
          evidenceRef: evidence,
        }),
        ...officerRecording(actor, deps.clock(), 'REGISTER_IMPORT'),
      })),
    });
    await recordAudit(
      tx,
      actor,
      'training.register-imported',
      { type: 'Course', id: course.id },
      { completedOn, recorded: attendees.length },
    );
    return attendees.map(({ member }) => member.id);
  });
  await Promise.all(memberIds.map((memberId) => nudgeTraining(deps, memberId, course.id)));
  return { recorded: memberIds.length, courseTitle: course.title };
}

/** An officer verifies a completion a member confirmed through their link; it counts from then on. */
export async function verifyTraining(deps: ServiceDependencies, actor: Actor, input: VerifyTrainingInput): Promise<VerifiedTraining> {
  const { recordId } = parseInput(verifyTrainingInput, input);
  requireWriter(actor, 'verify training');
  const record = await deps.db.trainingRecord.findFirst({
    where: { id: recordId, councilId: actor.councilId },
    select: { ...completionSummarySelect, memberId: true, courseId: true, verifiedAt: true },
  });
  if (!record) throw new NotFoundError('training record', recordId);
  const { course, ...summary } = completionSummary(record);
  const verified = { ...summary, courseKey: course.key, courseTitle: course.title };
  if (record.verifiedAt) return { ...verified, alreadyVerified: true };

  const changed = await deps.db.$transaction(async (tx) => {
    // Only an unverified record changes, so two officers verifying at once leave the first officer's name on it.
    const { count } = await tx.trainingRecord.updateMany({
      where: { id: record.id, verifiedAt: null },
      data: { verifiedAt: deps.clock(), verifiedByOfficerId: actor.officerId },
    });
    if (count) {
      await auditCompletion(tx, actor, 'training.verified', record.id, {
        member: record.member.reference,
        course: record.course.key,
        completedOn: verified.completedOn,
      });
    }
    return count > 0;
  });
  if (changed) await nudgeTraining(deps, record.memberId, record.courseId);
  return { ...verified, alreadyVerified: !changed };
}

/** Completions members confirmed that wait for an officer, the longest waiting first. */
export async function pendingVerifications(deps: ServiceDependencies, actor: Actor): Promise<PendingVerification[]> {
  const records = await deps.db.trainingRecord.findMany({
    where: { councilId: actor.councilId, source: 'MEMBER_LINK', verifiedAt: null },
    orderBy: [{ recordedAt: 'asc' }, { completedOn: 'asc' }],
    select: { ...completionSummarySelect, evidenceRef: true, recordedAt: true },
  });
  return records.map((record) => ({
    ...completionSummary(record),
    completedOnText: formatDate(fromDbDate(record.completedOn)),
    evidenceRef: record.evidenceRef,
    confirmedAt: record.recordedAt,
  }));
}

/** Every record of a member, by course (newest first), with who recorded and verified each and where they stand today. */
export async function trainingHistory(deps: ServiceDependencies, actor: Actor, input: TrainingHistoryInput): Promise<TrainingHistory> {
  const { memberReference } = parseInput(trainingHistoryInput, input);
  const council = await councilOf(deps, actor.councilId);
  const member = await deps.db.member.findUnique({
    where: { councilId_reference: { councilId: actor.councilId, reference: memberReference } },
    include: trainingMemberInclude,
  });
  if (!member) throw new NotFoundError('member', memberReference);
  const records = await deps.db.trainingRecord.findMany({
    where: { memberId: member.id },
    orderBy: [{ completedOn: 'desc' }],
    select: {
      id: true,
      courseId: true,
      completedOn: true,
      expiresOn: true,
      source: true,
      evidenceRef: true,
      recordedByOfficerId: true,
      verifiedByOfficerId: true,
      verifiedAt: true,
    },
  });
  const courses = await deps.db.course.findMany({
    where: { id: { in: [...new Set(records.map((record) => record.courseId))] } },
    orderBy: { title: 'asc' },
  });
  const officerName = await officerNamesOf(deps, actor.councilId, records);
  return {
    member: { reference: member.reference, name: memberDisplayName(member) },
    today: council.today,
    courses: courses.map((course) => {
      const ofCourse = records.filter((record) => record.courseId === course.id);
      return {
        key: course.key,
        title: course.title,
        position: positionOnCourse(member, course, ofCourse, council.today).position,
        records: ofCourse.map((record) => ({
          recordId: record.id,
          completedOn: fromDbDate(record.completedOn),
          expiresOn: record.expiresOn && fromDbDate(record.expiresOn),
          source: record.source,
          evidenceRef: record.evidenceRef,
          recordedBy: officerName(record.recordedByOfficerId),
          verifiedBy: officerName(record.verifiedByOfficerId),
          verifiedAt: record.verifiedAt,
        })),
      };
    }),
  };
}

// ───────────────────────────── members' links ─────────────────────────────

/** Checks a training link and returns its claims, or explains why it cannot be used. */
export function claimsOfTrainingLink(deps: ServiceDependencies, token: string): LinkClaims {
  return claimsOfLink(deps, token, 'training', {
    expired: 'Please use the button in your most recent training reminder, or ask democratic services to record your training.',
    invalid: 'Please use the button in your most recent training reminder, or ask democratic services for a new one.',
  });
}

/** What the member's page shows: the course, and where they stand on it today. */
export async function trainingPageForMember(deps: ServiceDependencies, claims: LinkClaims) {
  const course = await courseOfLink(deps, claims);
  const member = await deps.db.member.findFirst({
    where: { id: claims.memberId, councilId: claims.councilId },
    include: { ...trainingMemberInclude, council: { select: { name: true, timeZone: true } } },
  });
  if (!member) throw linkMismatch();
  const records = await deps.db.trainingRecord.findMany({
    where: { memberId: member.id, courseId: course.id },
    orderBy: { completedOn: 'desc' },
    select: { completedOn: true, expiresOn: true, verifiedAt: true },
  });
  const today = localDateOf(deps.clock(), member.council.timeZone);
  const { position } = positionOnCourse(member, course, records, today);
  const awaiting = records.find((record) => record.verifiedAt === null);
  return {
    councilName: member.council.name,
    memberName: memberDisplayName(member),
    courseTitle: course.title,
    today,
    position,
    /** The latest completion the member confirmed that waits for an officer, when it would change their position. */
    awaitingVerificationOf: position.awaitingVerification && awaiting ? fromDbDate(awaiting.completedOn) : null,
  };
}
export type MemberTrainingPage = Awaited<ReturnType<typeof trainingPageForMember>>;

/**
 * A member confirms a completion through their emailed link. On a course that
 * requires an officer's verification it does not count until verified;
 * otherwise it counts at once. Confirming the same day again records nothing
 * and returns the record already there.
 */
export async function confirmTrainingByMember(
  deps: ServiceDependencies,
  claims: LinkClaims,
  input: MemberConfirmationInput,
): Promise<{ recordId: string; awaitingVerification: boolean }> {
  const course = await courseOfLink(deps, claims);
  const member = await deps.db.member.findFirst({
    where: { id: claims.memberId, councilId: claims.councilId },
    select: directoryMemberSelect,
  });
  if (!member) throw linkMismatch();
  const { completedOn, evidenceRef } = parseInput(memberConfirmationInput, input);
  const council = await councilOf(deps, claims.councilId);
  const dateProblem = futureDateProblem(completedOn, council.today) ?? notServingProblem(member, completedOn, 'you');
  if (dateProblem) throw new InputError([{ field: 'completedOn', message: `${dateProblem}; give the day you completed it` }]);

  const outcome = await deps.db.$transaction(async (tx) => {
    await lockCourse(tx, course.id);
    const existing = await tx.trainingRecord.findUnique({
      where: { memberId_courseId_completedOn: { memberId: member.id, courseId: course.id, completedOn: toDbDate(completedOn) } },
      select: { id: true, verifiedAt: true },
    });
    if (existing) return { recordId: existing.id, awaitingVerification: existing.verifiedAt === null, created: false };
    const earlier = await earlierRecordsOf(tx, course.id, [member.id], completedOn);
    const expiresOn = expiryOfNewRecord(course, council, member, earlier.get(member.id) ?? [], completedOn);
    const awaitingVerification = course.requiresOfficerVerification;
    const created = await tx.trainingRecord.create({
      data: {
        ...completionData({ councilId: claims.councilId, memberId: member.id, courseId: course.id, completedOn, expiresOn, evidenceRef }),
        source: 'MEMBER_LINK',
        recordedAt: deps.clock(),
        // No officer has looked at it: it counts at once only where the course takes the member's word.
        verifiedAt: awaitingVerification ? null : deps.clock(),
      },
      select: { id: true },
    });
    // recordAudit is for officers; here the member acts.
    await tx.auditEvent.create({
      data: {
        councilId: claims.councilId,
        actorType: 'MEMBER',
        actorId: member.id,
        action: 'training.confirmed-by-member',
        entityType: 'TrainingRecord',
        entityId: created.id,
        details: { course: course.key, completedOn, awaitingVerification },
      },
    });
    return { recordId: created.id, awaitingVerification, created: true };
  });
  if (outcome.created) await nudgeTraining(deps, member.id, course.id);
  return { recordId: outcome.recordId, awaitingVerification: outcome.awaitingVerification };
}

// ───────────────────────────── helpers ─────────────────────────────

type Tx = Prisma.TransactionClient;

const memberNameSelect = { reference: true, givenName: true, familyName: true, roles: true } satisfies Prisma.MemberSelect;

/** An officer's change to one completion, in the audit log: the record, and whose completion of which course on which day it is. */
const auditCompletion = (
  tx: Tx,
  actor: Actor,
  action: 'training.recorded' | 'training.verified',
  recordId: string,
  completion: { member: string; course: string; completedOn: IsoDate },
) => recordAudit(tx, actor, action, { type: 'TrainingRecord', id: recordId }, completion);

/** Whose completion a record is, of which course, and when: what verifying answers and the pending list shows. */
const completionSummarySelect = {
  id: true,
  completedOn: true,
  member: { select: memberNameSelect },
  course: { select: { key: true, title: true } },
} satisfies Prisma.TrainingRecordSelect;

const completionSummary = (record: Prisma.TrainingRecordGetPayload<{ select: typeof completionSummarySelect }>) => ({
  recordId: record.id,
  member: { reference: record.member.reference, name: memberDisplayName(record.member) },
  course: record.course,
  completedOn: fromDbDate(record.completedOn),
});

/** What recording a completion needs of a course: its identity and its expiry and counting rules. */
const courseRulesSelect = {
  id: true,
  key: true,
  title: true,
  validityMonths: true,
  renewalBasis: true,
  renewalWindowDays: true,
  inductionWeeks: true,
  requiresOfficerVerification: true,
  renewAfterElection: true,
} satisfies Prisma.CourseSelect;
type CourseRules = Prisma.CourseGetPayload<{ select: typeof courseRulesSelect }>;

interface CouncilCalendar {
  municipalYearStartMonth: number;
  /** Today in the council's time zone. */
  today: IsoDate;
}

type StoredCompletion = { completedOn: Date; expiresOn: Date | null; verifiedAt: Date | null };

async function councilOf({ db, clock }: ServiceDependencies, councilId: string): Promise<CouncilCalendar> {
  const council = await db.council.findUniqueOrThrow({
    where: { id: councilId },
    select: { timeZone: true, municipalYearStartMonth: true },
  });
  return { municipalYearStartMonth: council.municipalYearStartMonth, today: localDateOf(clock(), council.timeZone) };
}

/** The course by key within the council: another council's course is simply not found. */
async function courseOf({ db }: ServiceDependencies, councilId: string, key: string): Promise<CourseRules> {
  const course = await db.course.findUnique({ where: { councilId_key: { councilId, key } }, select: courseRulesSelect });
  if (!course) throw new NotFoundError('course', key);
  return course;
}

async function memberOf({ db }: ServiceDependencies, councilId: string, reference: string): Promise<DirectoryMember> {
  const member = await db.member.findUnique({ where: { councilId_reference: { councilId, reference } }, select: directoryMemberSelect });
  if (!member) throw new NotFoundError('member', reference);
  return member;
}

const linkMismatch = () =>
  new LinkProblem('forged', 'This link does not match a course of yours. Please use the button in your most recent training reminder.');

/** The course a training link is for; a link for anything else cannot confirm training. */
async function courseOfLink({ db }: ServiceDependencies, claims: LinkClaims) {
  if (claims.purpose !== 'training') throw linkMismatch();
  const course = await db.course.findFirst({ where: { id: claims.subjectId, councilId: claims.councilId } });
  if (!course) throw linkMismatch();
  return course;
}

/** Serialises every write of completions of one course, so checks for duplicates and earlier expiries see each other's work. */
async function lockCourse(tx: Tx, courseId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM "Course" WHERE "id" = ${courseId}::uuid FOR UPDATE`;
}

function futureDateProblem(completedOn: IsoDate, today: IsoDate): string | null {
  return completedOn > today ? `is in the future (today is ${formatDate(today)})` : null;
}

/** Why a day is not one on which the member served (they had not joined, or had left), said of the date: "is before …". */
function notServingProblem(member: Pick<DirectoryMember, 'joinedOn' | 'leftOn'>, on: IsoDate, who: string): string | null {
  const joinedOn = fromDbDate(member.joinedOn);
  if (on < joinedOn) return `is before ${formatDate(joinedOn)}, when ${who} joined the council`;
  const leftOn = member.leftOn && fromDbDate(member.leftOn);
  if (leftOn && leftOn <= on) return `is on or after ${formatDate(leftOn)}, when ${who} left the council`;
  return null;
}

function alreadyRecorded(
  who: string,
  reference: string,
  courseTitle: string,
  completedOn: IsoDate,
  existing: { id: string; verifiedAt: Date | null },
) {
  const recorded = `${who} already has ${courseTitle} recorded as completed on ${formatDate(completedOn)}, so nothing was added`;
  return existing.verifiedAt
    ? `${recorded}. See their records with \`cpe training history ${reference}\`; a renewal is recorded on the day it was done.`
    : `${recorded}. They confirmed it through their link and it awaits verification: verify it with \`cpe training verify ${existing.id}\`.`;
}

/** Each member's earlier completions of the course, from which a renewal's expiry may run on. */
async function earlierRecordsOf(
  tx: Tx,
  courseId: string,
  memberIds: string[],
  completedOn: IsoDate,
): Promise<Map<string, StoredCompletion[]>> {
  const records = await tx.trainingRecord.findMany({
    where: { courseId, memberId: { in: memberIds }, completedOn: { lt: toDbDate(completedOn) } },
    select: { memberId: true, completedOn: true, expiresOn: true, verifiedAt: true },
  });
  const byMember = new Map<string, StoredCompletion[]>();
  for (const { memberId, ...record } of records) byMember.set(memberId, [...(byMember.get(memberId) ?? []), record]);
  return byMember;
}

/**
 * The last valid day of a new completion. The previous expiry a renewal runs
 * on from is the latest expiry among the member's earlier completions that
 * count (verified where the course requires it, and since their election
 * where the course is renewed then): the same rule the member's position uses.
 */
function expiryOfNewRecord(
  course: CourseRules,
  council: CouncilCalendar,
  member: Pick<DirectoryMember, 'electedOn'>,
  earlier: StoredCompletion[],
  completedOn: IsoDate,
): IsoDate | null {
  const previousExpiry = trainingPosition({
    completions: earlier.map(completionOf),
    requiredSince: null,
    electedOn: member.electedOn && fromDbDate(member.electedOn),
    rules: positionRulesOf(course),
    on: addDays(completedOn, -1),
  }).validUntil;
  return expiryFor({ ...course, municipalYearStartMonth: council.municipalYearStartMonth }, completedOn, previousExpiry);
}

interface NewCompletion {
  councilId: string;
  memberId: string;
  courseId: string;
  completedOn: IsoDate;
  expiresOn: IsoDate | null;
  evidenceRef: string | undefined;
}

/** A completion's columns, whoever records it. */
const completionData = ({ completedOn, expiresOn, evidenceRef, ...ids }: NewCompletion) => ({
  ...ids,
  completedOn: toDbDate(completedOn),
  expiresOn: expiresOn === null ? null : toDbDate(expiresOn),
  evidenceRef: evidenceRef || null,
});

/** An officer's recording is verified as it is made. */
const officerRecording = (actor: Actor, at: Date, source: Extract<TrainingSource, 'OFFICER' | 'REGISTER_IMPORT'>) => ({
  source,
  recordedAt: at,
  recordedByOfficerId: actor.officerId,
  verifiedByOfficerId: actor.officerId,
  verifiedAt: at,
});

async function officerNamesOf(
  { db }: ServiceDependencies,
  councilId: string,
  records: ReadonlyArray<{ recordedByOfficerId: string | null; verifiedByOfficerId: string | null }>,
): Promise<(officerId: string | null) => string | null> {
  const ids = records
    .flatMap((record) => [record.recordedByOfficerId, record.verifiedByOfficerId])
    .filter((id): id is string => id !== null);
  const officers = await db.officer.findMany({ where: { councilId, id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  const names = new Map(officers.map((officer) => [officer.id, officer.name]));
  return (officerId) => (officerId === null ? null : (names.get(officerId) ?? 'a former officer'));
}

// ───────────────────────────── session registers ─────────────────────────────

interface Attendee {
  row: number;
  member: DirectoryMember;
  evidence: string | undefined;
}

/** Members of the file who already have the course recorded on the day. */
async function alreadyRecordedOn(
  tx: Pick<Tx, 'trainingRecord'>,
  courseId: string,
  directory: MemberDirectory,
  completedOn: IsoDate,
): Promise<Set<string>> {
  const memberIds = [...new Set([...directory.byReference.values(), ...directory.byEmail.values()].map((member) => member.id))];
  const records = await tx.trainingRecord.findMany({
    where: { courseId, completedOn: toDbDate(completedOn), memberId: { in: memberIds } },
    select: { memberId: true },
  });
  return new Set(records.map((record) => record.memberId));
}

/** The attendees to record, or an InputError listing every problem in the file, in row order. */
function checkRegister(
  rows: Array<NumberedRow<SessionRegisterRow>>,
  fileProblems: FieldProblem[],
  directory: MemberDirectory,
  recorded: Set<string>,
  completedOn: IsoDate,
): Attendee[] {
  return checkMemberRows(rows, fileProblems, directory, ({ row, data }, member, attendees: Attendee[]) => {
    const added = { row, member, evidence: data.evidence };
    const field = rowField(row, data.member_reference === undefined ? 'email' : 'member_reference');
    const who = `${memberDisplayName(member)} (${member.reference})`;
    const earlier = attendees.find((attendee) => attendee.member.id === member.id);
    if (earlier) {
      return {
        added,
        problems: [{ field, message: `lists ${who} again, who is already on row ${earlier.row}; remove one of the two rows` }],
      };
    }
    const problems: FieldProblem[] = [];
    const notServing = notServingProblem(member, completedOn, who);
    if (notServing) problems.push({ field, message: `the session date ${notServing}; remove the row, or check the session date` });
    if (recorded.has(member.id)) {
      problems.push({
        field,
        message: `${who} already has this course recorded on ${formatDate(completedOn)}; remove the row (see \`cpe training history ${member.reference}\`)`,
      });
    }
    return { added, problems };
  });
}
