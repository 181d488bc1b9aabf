import { addDays, addMonths, formatDate, toDbDate, type IsoDate } from '../../domain/calendar';
import { trainingChanged, trainingRenewal, trainingWorkflowId, visitProgramme, visitProgrammeWorkflowId } from '../../workflows';
import { eventually } from '../support/eventually';
import { createCouncil, createDbsCourse, createMember, createReg33Pool } from '../support/fixtures';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../support/time-skipping-engine';

let engine: TimeSkippingEngine;

beforeAll(async () => {
  engine = await startTimeSkippingEngine({ taskQueue: 'training-renewal-year' });
});

afterAll(async () => {
  await engine?.close();
});

const subjectsTo = (address: string) => engine.sink.to(address).map((message) => message.subject ?? '');

/** Completions recorded by an officer, as the training records service records them, then the cycle is told. */
async function recordCompletion(memberId: string, courseId: string, completedOn: IsoDate, expiresOn: IsoDate | null): Promise<void> {
  const { councilId } = await engine.db.member.findUniqueOrThrow({ where: { id: memberId } });
  await engine.db.trainingRecord.create({
    data: {
      councilId,
      memberId,
      courseId,
      completedOn: toDbDate(completedOn),
      expiresOn: expiresOn && toDbDate(expiresOn),
      source: 'OFFICER',
      verifiedAt: new Date(),
    },
  });
  await engine.client.workflow.getHandle(trainingWorkflowId(memberId, courseId)).signal(trainingChanged);
}

/** A council with the induction and the DBS check, a newcomer who joined on `joined` with a new DBS check, and a veteran with both done. */
async function newcomerAndVeteran(joined: IsoDate) {
  const { db } = engine;
  const council = await createCouncil(db);
  const induction = await db.course.create({
    data: {
      councilId: council.id,
      key: 'induction',
      title: 'Corporate parenting induction',
      kind: 'CORPORATE_PARENTING_INDUCTION',
      inductionWeeks: 8,
      reminderDays: [14, 3],
      requiredForRoles: ['COUNCILLOR'],
    },
  });
  const dbs = await createDbsCourse(db, council.id, { reminderDays: [60, 30], requiredForRoles: ['COUNCILLOR'] });
  const newcomer = await createMember(db, council.id, {
    givenName: 'Nia',
    familyName: 'Newcomer',
    email: 'nia@members.example',
    joinedOn: joined,
  });
  const veteran = await createMember(db, council.id, {
    givenName: 'Vic',
    familyName: 'Veteran',
    email: 'vic@members.example',
    joinedOn: '2018-05-03',
  });
  await db.trainingRecord.createMany({
    data: [
      {
        councilId: council.id,
        memberId: newcomer.id,
        courseId: dbs.id,
        completedOn: toDbDate(joined),
        expiresOn: toDbDate(addMonths(joined, 36)),
        source: 'OFFICER',
        verifiedAt: new Date(),
      },
      {
        councilId: council.id,
        memberId: veteran.id,
        courseId: dbs.id,
        completedOn: toDbDate(joined),
        expiresOn: toDbDate(addMonths(joined, 60)),
        source: 'OFFICER',
        verifiedAt: new Date(),
      },
      {
        councilId: council.id,
        memberId: veteran.id,
        courseId: induction.id,
        completedOn: toDbDate('2018-06-01'),
        source: 'OFFICER',
        verifiedAt: new Date(),
      },
    ],
  });
  return { council, induction, dbs, newcomer, veteran };
}

async function startTrainingCycle(memberId: string, courseId: string): Promise<void> {
  await engine.client.workflow.start(trainingRenewal, {
    workflowId: trainingWorkflowId(memberId, courseId),
    taskQueue: engine.taskQueue,
    args: [{ memberId, courseId }],
  });
}

/** A home visited monthly by a Regulation 33 pool of the members, its programme started today. */
async function homeVisitedBy(councilId: string, memberIds: string[], today: IsoDate) {
  const { db } = engine;
  const pool = await createReg33Pool(db, councilId, { approvedOn: today, from: '2020-01-01', memberIds });
  const home = await db.establishment.create({
    data: { councilId, key: 'oak', name: 'Oakfield House', kind: 'CHILDRENS_HOME' },
  });
  const programme = await db.visitProgramme.create({
    data: {
      councilId,
      establishmentId: home.id,
      poolId: pool.id,
      reminderDays: [7],
      responseDays: 20,
      startsOn: toDbDate(today),
    },
  });
  await engine.client.workflow.start(visitProgramme, {
    workflowId: visitProgrammeWorkflowId(home.id),
    taskQueue: engine.taskQueue,
    args: [{ programmeId: programme.id }],
  });
  return programme;
}

test('a new member misses induction (reminders, then officers), completes it, is reminded before their DBS check expires three years later, and is kept off visits while it has lapsed', async () => {
  const { db, sink } = engine;
  const joined = await engine.today();
  const { council, induction, dbs, newcomer, veteran } = await newcomerAndVeteran(joined);
  await startTrainingCycle(newcomer.id, induction.id);
  await startTrainingCycle(newcomer.id, dbs.id);

  // Induction: due 8 weeks after joining; reminded 14 and 3 days before; officers told the morning after it is missed.
  const deadline = addDays(joined, 56);
  await engine.skipTo(addDays(deadline, 2));
  expect(subjectsTo('nia@members.example')).toEqual([
    `Please complete Corporate parenting induction by ${formatDate(deadline)}`,
    `Please complete Corporate parenting induction by ${formatDate(deadline)}`,
  ]);
  expect(subjectsTo(council.alertsEmail)).toEqual([`Councillor Nia Newcomer missed the deadline for Corporate parenting induction`]);

  await recordCompletion(newcomer.id, induction.id, addDays(deadline, 2), null);
  const dbsExpiry = addMonths(joined, 36);
  sink.messages.length = 0;

  // Three years on: no more induction emails; the DBS check is renewed-or-reminded 60 and 30 days before it expires.
  await engine.skipTo(addDays(dbsExpiry, -61));
  expect(sink.messages.map((message) => message.subject)).toEqual([]);
  await engine.skipTo(addDays(dbsExpiry, 2));
  expect(subjectsTo('nia@members.example')).toEqual([
    `Enhanced DBS check expires on ${formatDate(dbsExpiry)}`,
    `Enhanced DBS check expires on ${formatDate(dbsExpiry)}`,
    'Enhanced DBS check has lapsed',
  ]);
  expect(subjectsTo(council.alertsEmail)).toEqual([
    `Councillor Nia Newcomer: Enhanced DBS check expires on ${formatDate(dbsExpiry)}`,
    'Enhanced DBS check lapsed: Councillor Nia Newcomer',
  ]);

  // A Regulation 33 pool of the two: while her DBS check has lapsed, Nia is passed over although she has visited less.
  const today = await engine.today();
  const programme = await homeVisitedBy(council.id, [newcomer.id, veteran.id], today);
  await eventually(
    async () => sink.to('vic@members.example'),
    (invitations) => invitations.length > 0,
  );
  const firstVisit = await db.visit.findFirstOrThrow({ where: { programmeId: programme.id }, include: { assignments: true } });
  expect(firstVisit.assignments.map((assignment) => assignment.memberId)).toEqual([veteran.id]);
  await db.visitAssignment.updateMany({ where: { visitId: firstVisit.id }, data: { status: 'ACCEPTED' } });

  // Renewed: next month she is the one allocated (the veteran visited last time).
  await recordCompletion(newcomer.id, dbs.id, today, addMonths(today, 36));
  const nextMonth = addMonths(firstVisit.periodStart.toISOString().slice(0, 10), 1);
  await engine.skipTo(addDays(nextMonth, 1));
  const secondVisit = await db.visit.findFirstOrThrow({
    where: { programmeId: programme.id, periodStart: toDbDate(nextMonth) },
    include: { assignments: true },
  });
  expect(secondVisit.assignments.map((assignment) => assignment.memberId)).toEqual([newcomer.id]);
});
