import type { Activities } from '../../activities';
import type { Db } from '../../db/client';
import { toDbDate, type IsoDate } from '../../domain/calendar';
import type { EstablishmentKind, PoolPurpose } from '../../prisma/generated/client';
import { trainingRenewal, trainingWorkflowId } from '../../workflows/training-renewal';
import { inParallel, timed } from './figures';
import type { RunningWorker } from './stack';

// A council's records in bulk, and training cycles started and watched.

/** Workflow starts in flight at once, as a busy web server or the start-up reconciliation would have. */
export const START_CONCURRENCY = 16;

/** A course every councillor must complete within `inductionWeeks` of joining, with reminders `reminderDays` before. */
export function addInductionCourse(db: Db, councilId: string, key: string, options: { inductionWeeks: number; reminderDays: number[] }) {
  return db.course.create({
    data: {
      councilId,
      key,
      title: 'Corporate parenting induction',
      kind: 'CORPORATE_PARENTING_INDUCTION',
      inductionWeeks: options.inductionWeeks,
      reminderDays: options.reminderDays,
      requiredForRoles: ['COUNCILLOR'],
    },
  });
}

/**
 * Watches training cycles' reviews through the worker's activities: which
 * cycles have been set up, and when each began (its first review's `asOf`
 * is the workflow time of its first task).
 */
export function watchTrainingReviews() {
  const startedAt = new Map<string, Date>();
  return {
    startedAt,
    adjust: (real: Activities): Activities => ({
      ...real,
      reviewTraining: async (input) => {
        const review = await real.reviewTraining(input);
        const cycle = `${input.memberId}:${input.courseId}`;
        if (!startedAt.has(cycle)) startedAt.set(cycle, new Date(input.asOf));
        return review;
      },
    }),
    async waitForCycles(count: number): Promise<void> {
      while (startedAt.size < count) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

/** Starts one training cycle per member on the course, 16 at a time; returns the milliseconds the starts took. */
export async function startTrainingCycles(engine: RunningWorker, memberIds: readonly string[], courseId: string): Promise<number> {
  const { ms } = await timed(() =>
    inParallel(memberIds, START_CONCURRENCY, async (memberId) => {
      await engine.client.workflow.start(trainingRenewal, {
        workflowId: trainingWorkflowId(memberId, courseId),
        taskQueue: engine.taskQueue,
        args: [{ memberId, courseId }],
      });
    }),
  );
  return ms;
}

/** A visiting pool for Regulation 33 (children's homes) or Recommendation 41 (social work offices), approved by Cabinet. */
export function addVisitingPool(db: Db, councilId: string, purpose: PoolPurpose, approvedOn: IsoDate) {
  const homes = purpose === 'REG33_HOMES';
  return db.pool.create({
    data: {
      councilId,
      key: homes ? 'reg33-pool' : 'rec41-pool',
      name: homes ? 'Regulation 33 visiting pool' : 'Recommendation 41 visiting pool',
      purpose,
      approvedBy: 'Cabinet',
      approvedOn: toDbDate(approvedOn),
    },
  });
}

/** `count` children's homes or social work offices in bulk, keyed home-1, home-2... (office-1...); returns them in that order. */
export async function addEstablishments(db: Db, councilId: string, kind: EstablishmentKind, count: number) {
  const noun = kind === 'CHILDRENS_HOME' ? 'home' : 'office';
  const keys = Array.from({ length: count }, (_, index) => `${noun}-${index + 1}`);
  await db.establishment.createMany({
    data: keys.map((key, index) => ({
      councilId,
      key,
      kind,
      name: `Bench ${noun} ${index + 1}`,
      address: `${index + 1} Bench Street, Benchtown`,
    })),
  });
  const rows = await db.establishment.findMany({ where: { councilId, kind }, select: { id: true, key: true } });
  return keys.map((key) => rows.find((row) => row.key === key)!);
}

/** The reference of the `index`-th member addCouncillors adds (B000001, B000002, ...). */
export const memberReference = (index: number) => `B${String(index + 1).padStart(6, '0')}`;

/**
 * `count` councillors in bulk (createMany), e.g. for thousands of training
 * cycles; returns their ids in reference order.
 */
export async function addCouncillors(db: Db, councilId: string, count: number, joinedOn: IsoDate): Promise<string[]> {
  const references = Array.from({ length: count }, (_, index) => memberReference(index));
  await db.member.createMany({
    data: references.map((reference, index) => ({
      councilId,
      reference,
      givenName: ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Aisha'][index % 6]!,
      familyName: `Bench ${reference}`,
      email: `${reference.toLowerCase()}@members.example`,
      roles: ['COUNCILLOR' as const],
      joinedOn: toDbDate(joinedOn),
      electedOn: toDbDate(joinedOn),
    })),
  });
  const rows = await db.member.findMany({ where: { councilId }, select: { id: true }, orderBy: { reference: 'asc' } });
  return rows.map((row) => row.id);
}
