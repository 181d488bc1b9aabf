import { randomUUID } from 'node:crypto';

import { Context } from '@temporalio/activity';

import type { Activities } from '../activities';
import { addDays, addMonths, instantAt, localDateOf, toDbDate, type IsoDate } from '../domain/calendar';
import { periodStartMonths } from '../domain/reports/periods';
import type { Db } from '../db/client';
import type { LinkClaims } from '../links/signed-links';
import type { Prisma, ReportCadence } from '../prisma/generated/client';
import type { Actor, ServiceDependencies } from '../services/context';
import { confirmPledge, recordSignaturesAtEvent } from '../services/pledge/pledge';
import { startProgramme } from '../services/visits/programmes';
import { submitAuthoredReport } from '../services/reports/reports';
import { ensureTrainingWorkflows } from '../services/training/training';
import { confirmTrainingByMember } from '../services/training/records';
import { answerVisit, submitVisitReport } from '../services/visits/visits';
import { createCouncil } from '../test/support/fixtures';
import { createTimeSkippingEnvironment } from '../test/support/time-skipping';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../test/support/time-skipping-engine';
import { panelReport, reportDutyScheduleId } from '../workflows/panel-report';
import { pledgeYear, pledgeYearScheduleId } from '../workflows/pledge-campaign';
import { addCouncillors, addEstablishments, addVisitingPool, memberReference } from './support/council';
import { figure, printTable, ratio, sizeFromEnv, timed } from './support/figures';
import { type CountingSmtpSink, runBenchmark, startBaselineWorker } from './support/stack';
import { benchSleeper } from './workflows';

const MEMBERS = sizeFromEnv('BENCH_MEMBERS', 60);
const HOMES = 6;
const OFFICES = 2;
const REG33_POOL = 15;
const REC41_POOL = 8;
const PANEL_SEATS = 7;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** The municipal year followed: May 2028 to May 2029, the first whole one after a year's sleep from TEST_START, as the baseline has. */
const YEAR = 2028;

/**
 * A 60-member council as the engine meets it on 1 May of year `y`: last
 * year's pledge, six children's homes and two social work offices with their
 * visiting pools, four courses (inductions done, safeguarding renewals falling
 * due through the year), a scrutiny panel with four meetings, and five report
 * duties (four generated, one written by a partner).
 */
async function createCouncilForYear(db: Db, y: number) {
  const council = await createCouncil(db, 'Benchshire County Council');
  const councilId = council.id;
  const officer = await db.officer.create({
    data: { councilId, name: 'Bench Officer', email: 'bench.officer@council.example', role: 'ADMIN' },
  });
  const memberIds = await addCouncillors(db, councilId, MEMBERS, `${y - 1}-05-07`);
  const { poolMembers, establishments } = await addVisitingPools(db, councilId, memberIds, y);
  const { panel, seated } = await addScrutinyPanel(db, councilId, memberIds, y);
  await addTraining(db, councilId, { memberIds, seated, visitors: [...poolMembers.reg33, ...poolMembers.rec41] }, y);
  const duties = await addReportDuties(db, councilId, panel.id);
  await addLastYearsPledge(db, councilId, y);
  const actor: Actor = { councilId, officerId: officer.id, role: 'ADMIN' };
  return { councilId, actor, establishmentKeys: establishments.map(({ key }) => key), duties };
}

/** The Regulation 33 and Recommendation 41 pools, their members from `memberIds`, and the homes and offices they visit. */
async function addVisitingPools(db: Db, councilId: string, memberIds: string[], y: number) {
  const pools = [
    await addVisitingPool(db, councilId, 'REG33_HOMES', `${y - 1}-05-19`),
    await addVisitingPool(db, councilId, 'REC41_OFFICES', `${y - 1}-05-19`),
  ];
  const poolMembers = { reg33: memberIds.slice(0, REG33_POOL), rec41: memberIds.slice(REG33_POOL, REG33_POOL + REC41_POOL) };
  await db.poolMembership.createMany({
    data: [
      ...poolMembers.reg33.map((memberId) => ({ memberId, poolId: pools[0]!.id })),
      ...poolMembers.rec41.map((memberId) => ({ memberId, poolId: pools[1]!.id })),
    ].map((membership) => ({ ...membership, councilId, fromDate: toDbDate(`${y - 1}-05-19`) })),
  });
  const establishments = [
    ...(await addEstablishments(db, councilId, 'CHILDRENS_HOME', HOMES)),
    ...(await addEstablishments(db, councilId, 'SOCIAL_WORK_OFFICE', OFFICES)),
  ];
  return { poolMembers, establishments };
}

/** The scrutiny panel: the last members seated, the first of them chair, with four meetings through the year. */
async function addScrutinyPanel(db: Db, councilId: string, memberIds: string[], y: number) {
  const seated = memberIds.slice(MEMBERS - PANEL_SEATS);
  const panel = await db.panel.create({
    data: {
      councilId,
      key: 'cyp-scrutiny',
      name: 'Children and Young People Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      clerkName: 'Bench Clerk',
      clerkEmail: 'clerk@council.example',
      chairMemberId: seated[0],
      distribution: {
        create: [
          ...seated.map((_, index) => ({
            councilId,
            name: `Councillor ${memberReference(MEMBERS - PANEL_SEATS + index)}`,
            email: `${memberReference(MEMBERS - PANEL_SEATS + index).toLowerCase()}@members.example`,
          })),
          { councilId, name: "Director of Children's Services", email: 'dcs@council.example' },
        ],
      },
      meetings: {
        create: [`${y}-06-15`, `${y}-09-14`, `${y}-12-07`, `${y + 1}-03-14`].map((day) => ({
          councilId,
          startsAt: instantAt(day, '18:30'),
          location: 'Committee Room 1, Town Hall',
        })),
      },
      seats: { create: seated.map((memberId) => ({ councilId, memberId, fromDate: toDbDate(`${y - 1}-05-19`) })) },
    },
  });

  return { panel, seated };
}

/** The four courses and each member's records of them. */
async function addTraining(db: Db, councilId: string, members: { memberIds: string[]; seated: string[]; visitors: string[] }, y: number) {
  const { memberIds, seated, visitors } = members;
  const course = (key: string, fields: Omit<Prisma.CourseCreateManyInput, 'councilId' | 'key'>): Prisma.CourseCreateManyInput => ({
    councilId,
    key,
    reminderDays: [60, 30, 7],
    renewalWindowDays: 60,
    ...fields,
  });
  await db.course.createMany({
    data: [
      course('induction', {
        title: 'Corporate parenting induction',
        kind: 'CORPORATE_PARENTING_INDUCTION',
        inductionWeeks: 8,
        renewAfterElection: true,
        requiredForRoles: ['COUNCILLOR'],
      }),
      course('safeguarding', {
        title: 'Safeguarding children seminar',
        kind: 'SAFEGUARDING_SEMINAR',
        validityMonths: 12,
        renewalBasis: 'PREVIOUS_EXPIRY',
        requiredForRoles: ['COUNCILLOR'],
        requiredForPools: ['REG33_HOMES', 'REC41_OFFICES'],
      }),
      course('performance-data', {
        title: "Understanding children's services performance data",
        kind: 'PERFORMANCE_DATA',
        validityMonths: 12,
        renewalBasis: 'FIXED_MUNICIPAL_YEAR',
        requiredForPanels: ['CYP_SCRUTINY'],
      }),
      course('dbs-check', {
        title: 'Enhanced DBS check',
        kind: 'DBS_CHECK',
        validityMonths: 36,
        requiresOfficerVerification: true,
        requiredForPools: ['REG33_HOMES', 'REC41_OFFICES'],
      }),
    ],
  });
  const courseIds = Object.fromEntries(
    (await db.course.findMany({ where: { councilId }, select: { id: true, key: true } })).map((row) => [row.key, row.id]),
  );
  const record = (memberId: string, courseKey: string, completedOn: IsoDate, expiresOn: IsoDate | null) => ({
    councilId,
    memberId,
    courseId: courseIds[courseKey]!,
    completedOn: toDbDate(completedOn),
    expiresOn: expiresOn ? toDbDate(expiresOn) : null,
    source: 'OFFICER' as const,
    verifiedAt: instantAt(completedOn, '12:00'),
  });
  await db.trainingRecord.createMany({
    data: [
      ...memberIds.map((memberId) => record(memberId, 'induction', `${y - 1}-06-01`, null)),
      // Safeguarding was done through last year, so renewals fall due all through this one.
      ...memberIds.map((memberId, index) => {
        const completedOn = addDays(`${y - 1}-05-10`, index * Math.floor(360 / MEMBERS));
        return record(memberId, 'safeguarding', completedOn, addMonths(completedOn, 12));
      }),
      ...seated.map((memberId) => record(memberId, 'performance-data', `${y}-04-10`, `${y + 1}-04-30`)),
      ...visitors.map((memberId) => record(memberId, 'dbs-check', `${y - 2}-09-01`, `${y + 1}-09-01`)),
    ],
  });
}

/** Four generated report duties and one a partner writes; returns them with their cadences. */
async function addReportDuties(db: Db, councilId: string, panelId: string) {
  const generated = (key: string, title: string, generator: string, cadence: ReportCadence) => ({
    councilId,
    panelId,
    key,
    title,
    authoring: 'GENERATED' as const,
    generator,
    cadence,
  });
  await db.reportDuty.createMany({
    data: [
      generated('reg33-quarterly', 'Regulation 33 visits: quarterly summary', 'visit-summary:REG33_HOMES', 'QUARTERLY'),
      generated('rec41-six-monthly', 'Recommendation 41 visits: six-monthly summary', 'visit-summary:REC41_OFFICES', 'SIX_MONTHLY'),
      generated('training-annual', 'Member training: annual report', 'training-annual', 'ANNUAL'),
      generated('compliance-overview', 'Corporate parenting compliance overview', 'compliance-overview', 'SIX_MONTHLY'),
      {
        councilId,
        panelId,
        key: 'safeguarding-partnership-update',
        title: 'Safeguarding Children Partnership: business plan update',
        authoring: 'AUTHORED' as const,
        cadence: 'SIX_MONTHLY' as const,
        ownerName: 'Partnership Business Manager',
        ownerEmail: 'business.manager@partnership.example',
      },
    ],
  });
  return db.reportDuty.findMany({ where: { councilId }, select: { id: true, cadence: true } });
}

/** Last year's pledge, closed. */
async function addLastYearsPledge(db: Db, councilId: string, y: number) {
  await db.pledge.create({
    data: {
      councilId,
      municipalYear: y - 1,
      text: 'As corporate parents, we promise the children and young people in our care that we will listen to them and act on what they tell us.',
      version: `${y - 1}/${String(y % 100).padStart(2, '0')} v1`,
      status: 'CLOSED',
    },
  });
}

/** Workflow time where an activity runs: the time-skipping server's clock, not the wall clock. */
const activityTime = () => new Date(Context.current().info.currentAttemptScheduledTimestampMs);

/**
 * The people the engine writes to, answering as they would through their
 * links: visitors accept at once and report at the first reminder, half the
 * members renew their training at the 30-day reminder, and the partner
 * submits their report when first reminded.
 */
function peopleAnswering(db: Db, councilId: string, deps: () => ServiceDependencies) {
  // What a valid link's signature vouches for; the services take it from there.
  const claims = (purpose: LinkClaims['purpose'], subjectId: string, memberId: string): LinkClaims => ({
    purpose,
    councilId,
    subjectId,
    memberId,
    expiresAt: new Date(8.64e15),
  });
  return {
    async acceptVisit(assignmentId: string) {
      const { memberId } = await db.visitAssignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { memberId: true } });
      await answerVisit(deps(), claims('visit', assignmentId, memberId), { answer: 'accept' });
    },
    async reportVisit(visitId: string) {
      const visitor = await db.visitAssignment.findFirst({ where: { visitId, status: 'ACCEPTED' } });
      if (!visitor) return;
      const visitorClaims = claims('visit', visitor.id, visitor.memberId);
      await submitVisitReport(
        deps(),
        { kind: 'member', claims: visitorClaims },
        { claims: visitorClaims },
        {
          visitedOn: localDateOf(activityTime()),
          spokeWithChildren: true,
          spokeWithStaff: true,
          childrenSafeguarded: true,
          wellbeingPromoted: true,
          spokeWithChildrenInPrivate: true,
          recordsInspected: ['complaints', 'incidents', 'daily-logs'],
          noConflictDeclared: true,
          summary: 'A warm, well-run home. The young people showed me the new games room they helped to design.',
          quotable: true,
          // About one visit in sixteen finds something.
          issues: visitId.endsWith('7') ? [{ category: 'PREMISES', severity: 'LOW', description: 'The garden fence is loose.' }] : [],
        },
      );
    },
    async renewTraining(memberId: string, courseId: string) {
      // Members whose id ends in an even hex digit (about half) renew.
      if (parseInt(memberId.slice(-1), 16) % 2) return;
      await confirmTrainingByMember(deps(), claims('training', courseId, memberId), { completedOn: localDateOf(activityTime()) });
    },
    async submitReport(reportId: string) {
      await submitAuthoredReport(deps(), reportId, councilId, {
        link: 'https://partnership.example/business-plan-update.pdf',
        submittedBy: 'Partnership Business Manager',
      });
    },
  };
}

/** The engine's activities, with the people answering each email as it goes out. */
const answeredBy =
  (people: ReturnType<typeof peopleAnswering>) =>
  (real: Activities): Activities => ({
    ...real,
    sendVisitInvite: async (assignmentId) => {
      const sent = await real.sendVisitInvite(assignmentId);
      await people.acceptVisit(assignmentId);
      return sent;
    },
    sendVisitReminders: async (input) => {
      const sent = await real.sendVisitReminders(input);
      if (input.slot === '14d') await people.reportVisit(input.visitId);
      return sent;
    },
    remindMemberAboutTraining: async (input) => {
      const sent = await real.remindMemberAboutTraining(input);
      if (input.step === '30d') await people.renewTraining(input.memberId, input.courseId);
      return sent;
    },
    remindReportOwner: async (input) => {
      const state = await real.remindReportOwner(input);
      await people.submitReport(input.reportId);
      return state;
    },
  });

interface AgendaItem {
  at: Date;
  what: string;
  run: (deps: ServiceDependencies) => Promise<unknown>;
}

type Council = Awaited<ReturnType<typeof createCouncilForYear>>;

/** What the officer does, and what the schedules (which the test server lacks) start, in workflow time, in order. */
function agendaFor(engine: YearEngine, council: Council): AgendaItem[] {
  const { client, taskQueue } = engine;
  const reportRuns = (cadence: ReportCadence, day: IsoDate): AgendaItem => ({
    at: instantAt(day, '07:00'),
    what: `${cadence.toLowerCase().replace('_', '-')} reports`,
    run: () =>
      Promise.all(
        council.duties
          .filter((duty) => duty.cadence === cadence)
          .map((duty) =>
            client.workflow.start(panelReport, {
              workflowId: `${reportDutyScheduleId(duty.id)}-${instantAt(day, '07:00').toISOString()}`,
              taskQueue,
              args: [{ dutyId: duty.id }],
            }),
          ),
      ),
  });
  const months = Array.from({ length: 12 }, (_, index) => addMonths(`${YEAR}-05-01`, index));
  return (
    [
      {
        at: instantAt(`${YEAR}-05-01`, '07:00'),
        what: 'the year begins: pledge drafted, visit programmes and training cycles started',
        run: async (deps) => {
          await client.workflow.start(pledgeYear, {
            workflowId: pledgeYearScheduleId(council.councilId),
            taskQueue,
            args: [{ councilId: council.councilId }],
          });
          for (const establishmentKey of council.establishmentKeys) {
            await startProgramme(deps, council.actor, {
              establishmentKey,
              poolKey: establishmentKey.startsWith('home') ? 'reg33-pool' : 'rec41-pool',
            });
          }
          await ensureTrainingWorkflows(deps);
        },
      },
      {
        at: instantAt(`${YEAR}-05-04`, '10:00'),
        what: 'pledge confirmed',
        run: (deps) =>
          confirmPledge(deps, council.actor, {
            adoptedOn: `${YEAR}-05-04`,
            eventDate: `${YEAR}-05-25`,
            eventStart: '17:30',
            eventEnd: '18:15',
            eventLocation: 'Council Chamber, Town Hall',
            firstCouncilMeetingOn: `${YEAR}-05-27`,
          }),
      },
      {
        at: instantAt(`${YEAR}-05-25`, '19:00'),
        what: 'signatures at the event recorded',
        run: (deps) =>
          recordSignaturesAtEvent(deps, council.actor, {
            memberReferences: Array.from({ length: MEMBERS - 10 }, (_, index) => memberReference(index)),
          }),
      },
      ...(['QUARTERLY', 'SIX_MONTHLY', 'ANNUAL'] as const).flatMap((cadence) =>
        months
          .filter((month) => periodStartMonths(cadence, 'MUNICIPAL').includes(Number(month.slice(5, 7))))
          .map((month) => reportRuns(cadence, month)),
      ),
    ] satisfies AgendaItem[]
  ).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Wall time of the baseline: one empty workflow sleeping a year, on a time-skipping server of its own. */
async function emptyYearMs(): Promise<number> {
  const env = await createTimeSkippingEnvironment();
  try {
    const worker = await startBaselineWorker(env, { taskQueue: `bench-year-baseline-${randomUUID()}` });
    const { ms } = await timed(() =>
      env.client.workflow.execute(benchSleeper, {
        workflowId: `bench-year-${randomUUID()}`,
        taskQueue: worker.taskQueue,
        args: [YEAR_MS],
      }),
    );
    await worker.stop();
    return ms;
  } finally {
    await env.teardown();
  }
}

/** What the year left in the database and at the sink, against the baseline. */
async function printYear(engine: YearEngine, council: Council, figures: { yearMs: number; baselineMs: number }): Promise<void> {
  const { db } = engine;
  const where = { councilId: council.councilId };
  const [visits, reports, notifications, renewals, signatures] = await Promise.all([
    db.visit.groupBy({ by: ['status'], where, _count: true }),
    db.report.groupBy({ by: ['status'], where, _count: true }),
    db.notification.groupBy({ by: ['status'], where, _count: true }),
    db.trainingRecord.count({ where: { ...where, source: 'MEMBER_LINK' } }),
    db.pledgeSignature.count({ where }),
  ]);
  const counts = (rows: Array<{ _count: number } & Record<string, unknown>>, key: string) =>
    rows.map((row) => `${String(row[key]).toLowerCase()} ${figure(row._count)}`).join(', ');
  printTable('Results', [
    ['The council’s year', `${figure(figures.yearMs / 1000, 1)} s wall time`],
    ['One empty workflow sleeping a year (baseline)', `${figure(figures.baselineMs / 1000, 2)} s wall time`],
    ['Year / baseline', ratio(figures.yearMs, figures.baselineMs)],
    ['Emails at the sink', `${figure(engine.sink.counts().received)} (outbox: ${counts(notifications, 'status')})`],
    ['Visits', counts(visits, 'status')],
    ['Reports', counts(reports, 'status')],
    ['Training renewed by members / pledge signatures', `${figure(renewals)} / ${figure(signatures)}`],
  ]);
}

type YearEngine = TimeSkippingEngine<CountingSmtpSink>;

runBenchmark(
  `A ${MEMBERS}-member council's municipal year, May to May, on the time-skipping server`,
  { temporal: 'none', smtp: true },
  async (stack) => {
    console.log('  Baseline: one empty workflow sleeping a year...');
    const baselineMs = await emptyYearMs();

    const council = await createCouncilForYear(stack.db, YEAR);
    // The people answer through the services of the engine that writes to them: only once it has started, so
    // `engine` is set by the time they first use it.
    const people = peopleAnswering(stack.db, council.councilId, () => engine.services(activityTime));
    const engine = await startTimeSkippingEngine({
      startAt: instantAt(`${YEAR}-05-01`, '06:00').toISOString(),
      db: stack.db,
      sink: stack.smtp!,
      taskQueue: `bench-year-${randomUUID()}`,
      clock: activityTime,
      adjust: answeredBy(people),
    });
    const agenda = agendaFor(engine, council);

    console.log(`  The year: 1 May ${YEAR} to 1 May ${YEAR + 1}, ${agenda.length} officer actions and schedule runs...`);
    const year = await timed(async () => {
      for (const item of agenda) {
        await engine.skipTo(item.at);
        console.log(`  ${localDateOf(item.at)}: ${item.what}`);
        await item.run(engine.services(() => item.at));
      }
      await engine.skipTo(instantAt(`${YEAR + 1}-05-01`, '00:00'));
    });
    await engine.close();
    await printYear(engine, council, { yearMs: year.ms, baselineMs });
    return {
      name: 'municipal-year',
      figures: { yearMs: year.ms },
      baseline: { yearMs: baselineMs },
      ratio: year.ms / baselineMs,
      goals: [
        {
          goal: `a ${MEMBERS}-member municipal year (time-skipping) < 30 s wall${MEMBERS === 60 ? '' : ' (the goal is for 60)'}`,
          figure: `${figure(year.ms / 1000, 1)} s`,
          met: year.ms < 30_000,
        },
      ],
    };
  },
);
