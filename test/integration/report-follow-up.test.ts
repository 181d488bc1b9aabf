import { addDays, fromDbDate, instantAt, toDbDate, type IsoDate } from '../../domain/calendar';
import type { Db } from '../../db/client';
import type { IssueSeverity, VisitReportStage } from '../../prisma/generated/client';
import { approveReport } from '../../services/reports/approval';
import { ConflictError, NotFoundError } from '../../services/errors';
import { panelReport } from '../../workflows';
import { TEST_BASE_URL } from '../support/activities';
import {
  createCouncil,
  createMember,
  createOfficer,
  createPanelWithMeeting,
  createReg33Pool,
  createReg33QuarterlyDuty,
} from '../support/fixtures';
import { eventually } from '../support/eventually';
import { pdfText } from '../support/pdf';
import { csvRecords } from '../support/report-email';
import { recipientOf } from '../support/smtp-sink';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../support/time-skipping-engine';

// Wednesday 3 February 2027: the municipal Q3 2026/27 (November to January) has just ended.
const QUARTER = { start: '2026-11-01', end: '2027-01-31' };
const PANEL_MEMBER = { name: 'Panel Member', email: 'panel@testshire.example' };

let engine: TimeSkippingEngine;

beforeAll(async () => {
  engine = await startTimeSkippingEngine({ taskQueue: 'report-follow-up', startAt: '2027-02-03T10:00:00Z' });
});

afterAll(async () => {
  await engine?.close();
});

/** A council with one panel (meeting on `meetingOn`), a Regulation 33 pool and its quarterly summary duty. */
async function councilWithSummaryDuty(meetingOn: IsoDate, reviewBeforeCirculation = false) {
  const { db } = engine;
  const council = await createCouncil(db);
  const visitor = await createMember(db, council.id, { givenName: 'Vic', familyName: 'Visitor' });
  const chair = await createMember(db, council.id, { givenName: 'Chris', familyName: 'Chair', email: 'chair@members.example' });
  const { panel } = await createPanelWithMeeting(db, council.id, { recipients: [PANEL_MEMBER], startsAt: instantAt(meetingOn, '18:30') });
  await db.panel.update({
    where: { id: panel.id },
    data: { clerkName: 'Clerk', clerkEmail: 'clerk@testshire.example', chairMemberId: chair.id },
  });
  const pool = await createReg33Pool(db, council.id, { approvedOn: '2026-01-05', from: '2026-01-05', memberIds: [visitor.id] });
  const created = await createReg33QuarterlyDuty(db, council.id, panel.id);
  const duty = await db.reportDuty.update({ where: { id: created.id }, data: { reviewBeforeCirculation } });
  return { council, pool, visitor, duty };
}

type Place = Awaited<ReturnType<typeof homeWithProgramme>>;

async function homeWithProgramme(db: Db, councilId: string, poolId: string, name: string) {
  const home = await db.establishment.create({
    data: { councilId, key: name.toLowerCase().replace(/\W+/g, '-'), name, kind: 'CHILDRENS_HOME' },
  });
  const programme = await db.visitProgramme.create({
    data: { councilId, establishmentId: home.id, poolId, reminderDays: [7], startsOn: toDbDate('2026-01-05') },
  });
  return { home, programme };
}

/** A month's visit to a home, reported at the stage given, with one issue of each severity listed and an action for each. */
async function reportedVisit(
  place: Place,
  periodStart: IsoDate,
  report: {
    stage: VisitReportStage;
    issues: IssueSeverity[];
    urgent?: { raisedAt: string; acknowledgedAt: string | null };
    actions?: Array<{ createdAt: string; dueOn: IsoDate; resolvedAt: string | null }>;
  },
) {
  const { db } = engine;
  const { councilId } = place.home;
  const visit = await db.visit.create({
    data: {
      councilId,
      programmeId: place.programme.id,
      establishmentId: place.home.id,
      periodStart: toDbDate(periodStart),
      periodEnd: toDbDate(addDays(periodStart, 27)),
      status: 'REPORTED',
    },
  });
  const stored = await db.visitReport.create({
    data: {
      councilId,
      visitId: visit.id,
      visitedOn: toDbDate(addDays(periodStart, 3)),
      spokeWithChildren: true,
      spokeWithStaff: true,
      stage: report.stage,
      urgentRaisedAt: report.urgent && new Date(report.urgent.raisedAt),
      urgentAcknowledgedAt: report.urgent?.acknowledgedAt ? new Date(report.urgent.acknowledgedAt) : null,
      issues: {
        create: report.issues.map((severity) => ({
          councilId,
          establishmentId: place.home.id,
          category: severity === 'HIGH' ? 'SAFEGUARDING' : 'PREMISES',
          severity,
          description: `A ${severity.toLowerCase()} issue`,
        })),
      },
    },
    include: { issues: true },
  });
  for (const [index, action] of (report.actions ?? []).entries()) {
    await db.findingAction.create({
      data: {
        councilId,
        establishmentId: place.home.id,
        reportId: stored.id,
        issueId: stored.issues[index]?.id,
        description: 'Put it right',
        dueOn: toDbDate(action.dueOn),
        status: action.resolvedAt ? 'DONE' : 'OPEN',
        resolvedAt: action.resolvedAt && new Date(action.resolvedAt),
        createdAt: new Date(action.createdAt),
      },
    });
  }
}

/**
 * The duty's report once its run has circulated it. Waiting on the run's result
 * instead would let the test server skip its clock years ahead.
 */
async function circulated(dutyId: string) {
  const report = await eventually(
    () => engine.db.report.findFirst({ where: { dutyId } }),
    (found) => found?.status === 'CIRCULATED',
  );
  return report!;
}

/** The follow-up figures of the quarter as SQL counts them, to set against the report's. */
async function followUpBySql(db: Db, councilId: string) {
  const from = instantAt(QUARTER.start, '00:00');
  const until = instantAt(addDays(QUARTER.end, 1), '00:00');
  const [row] = await db.$queryRaw<Array<Record<string, number | null>>>`
    SELECT
      (SELECT count(*)::int FROM "FindingAction" WHERE "councilId" = ${councilId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${until}) AS raised,
      (SELECT count(*)::int FROM "FindingAction" WHERE "councilId" = ${councilId}::uuid AND "resolvedAt" >= ${from} AND "resolvedAt" < ${until}) AS resolved,
      (SELECT count(*)::int FROM "FindingAction" WHERE "councilId" = ${councilId}::uuid AND "createdAt" < ${until}
         AND "dueOn" < ${toDbDate(QUARTER.end)} AND ("resolvedAt" IS NULL OR "resolvedAt" >= ${until})) AS overdue,
      (SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "resolvedAt" - "createdAt") / 86400))::numeric, 1)::float
         FROM "FindingAction" WHERE "councilId" = ${councilId}::uuid AND "resolvedAt" >= ${from} AND "resolvedAt" < ${until}) AS median_days,
      (SELECT count(*)::int FROM "VisitReport" WHERE "councilId" = ${councilId}::uuid AND "urgentRaisedAt" >= ${from} AND "urgentRaisedAt" < ${until}) AS urgent,
      (SELECT max(extract(epoch FROM "urgentAcknowledgedAt" - "urgentRaisedAt") / 3600)::float
         FROM "VisitReport" WHERE "councilId" = ${councilId}::uuid AND "urgentRaisedAt" >= ${from} AND "urgentRaisedAt" < ${until}) AS slowest_hours,
      (SELECT count(*)::int FROM "VisitIssue" i JOIN "VisitReport" r ON r.id = i."reportId" JOIN "Visit" v ON v.id = r."visitId"
         WHERE i."councilId" = ${councilId}::uuid AND r.stage = 'FINAL'
         AND v."periodStart" BETWEEN ${toDbDate(QUARTER.start)} AND ${toDbDate(QUARTER.end)}) AS final_issues`;
  return row!;
}

test('the quarterly summary counts the findings of final reports only, and its PDF and CSV give the actions and urgent concerns SQL counts', async () => {
  const { db } = engine;
  const { council, pool, duty } = await councilWithSummaryDuty('2027-03-10');
  const oak = await homeWithProgramme(db, council.id, pool.id, 'Oakfield House');
  const willow = await homeWithProgramme(db, council.id, pool.id, 'Willow Court');
  // Before the quarter: an action still open, overdue since October.
  await reportedVisit(oak, '2026-10-01', {
    stage: 'FINAL',
    issues: ['MEDIUM'],
    actions: [{ createdAt: '2026-10-08T09:00:00Z', dueOn: '2026-10-20', resolvedAt: null }],
  });
  // A safeguarding concern acknowledged in two and a half hours; its action resolved in six days.
  await reportedVisit(oak, '2026-11-01', {
    stage: 'FINAL',
    issues: ['HIGH'],
    urgent: { raisedAt: '2026-11-05T10:00:00Z', acknowledgedAt: '2026-11-05T12:30:00Z' },
    actions: [{ createdAt: '2026-11-06T09:00:00Z', dueOn: '2026-11-13', resolvedAt: '2026-11-12T09:00:00Z' }],
  });
  // Still with the home's manager: its issue is not counted, but its concern (a day to acknowledge) and its overdue action are.
  await reportedVisit(oak, '2026-12-01', {
    stage: 'WITH_MANAGER',
    issues: ['MEDIUM'],
    urgent: { raisedAt: '2026-12-03T09:00:00Z', acknowledgedAt: '2026-12-04T09:00:00Z' },
    actions: [{ createdAt: '2026-12-20T09:00:00Z', dueOn: '2027-01-10', resolvedAt: null }],
  });
  // Resolved in January, 71 days after it was raised.
  await reportedVisit(willow, '2026-11-01', {
    stage: 'FINAL',
    issues: ['LOW'],
    actions: [{ createdAt: '2026-11-10T09:00:00Z', dueOn: '2026-12-10', resolvedAt: '2027-01-20T09:00:00Z' }],
  });

  await engine.client.workflow.start(panelReport, {
    workflowId: 'report-follow-up-summary',
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id }],
  });
  const report = await circulated(duty.id);
  expect(fromDbDate(report.periodStart)).toBe(QUARTER.start);

  const sql = await followUpBySql(db, council.id);
  expect(sql).toEqual({ raised: 3, resolved: 2, overdue: 2, median_days: 38.5, urgent: 2, slowest_hours: 24, final_issues: 2 });
  const [total] = csvRecords(report.csv!);
  expect(total).toMatchObject({
    section: 'total',
    actions_raised: String(sql.raised),
    actions_resolved: String(sql.resolved),
    actions_overdue: String(sql.overdue),
    median_days_to_resolve: String(sql.median_days),
    urgent_concerns: String(sql.urgent),
    urgent_acknowledged: '2',
    median_hours_to_acknowledge: '13.3',
    slowest_hours_to_acknowledge: String(sql.slowest_hours),
    reports_not_final: '1',
  });
  expect(Number(total!.low) + Number(total!.medium) + Number(total!.high)).toBe(sql.final_issues);
  expect(total).toMatchObject({ high: '1', medium: '0', low: '1' });

  const text = pdfText(report.pdf!).replace(/\s+/g, ' ');
  expect(text).toContain(`Actions raised ${sql.raised}`);
  expect(text).toContain(`Actions resolved ${sql.resolved}`);
  expect(text).toContain(`Actions overdue at the period’s end ${sql.overdue}`);
  expect(text).toContain(`Median time to resolve an action ${sql.median_days} days`);
  expect(text).toContain(`Urgent concerns raised ${sql.urgent}`);
  expect(text).toContain('Median time to acknowledge 13.3 hours');
  expect(text).toContain(`Slowest acknowledgement ${sql.slowest_hours} hours`);
  expect(text).toContain('Visit reports not yet final 1');
  expect(text).toContain('Actions resolved by their due date 50%');

  // The compliance overview of the same quarter gives the same figures, for homes and for all visits.
  const overviewDuty = await db.reportDuty.create({
    data: { ...duty, id: undefined, createdAt: undefined, key: 'overview', generator: 'compliance-overview', title: 'Compliance overview' },
  });
  await engine.client.workflow.start(panelReport, {
    workflowId: 'report-follow-up-overview',
    taskQueue: engine.taskQueue,
    args: [{ dutyId: overviewDuty.id }],
  });
  const overview = csvRecords((await circulated(overviewDuty.id)).csv!);
  const figures = {
    actions_raised: '3',
    actions_overdue: '2',
    median_days_to_resolve: '38.5',
    urgent_concerns: '2',
    reports_not_final: '1',
  };
  expect(overview.find((row) => row.section === 'duty' && row.duty === 'REG33_HOMES')).toMatchObject(figures);
  expect(overview.find((row) => row.section === 'follow_up')).toMatchObject(figures);
  expect(overview.find((row) => row.section === 'duty' && row.duty === 'REC41_OFFICES')).toMatchObject({ actions_raised: '0' });
});

test('a duty marked review before circulation: nothing reaches the panel until an officer approves; reminders and escalation arrive; the panel gets the report with the commentary once', async () => {
  const { db, sink } = engine;
  sink.messages.length = 0;
  // The meeting on Wednesday 17 March 2027: the report is due ten working days before, on Wednesday 3 March.
  const { council, duty } = await councilWithSummaryDuty('2027-03-17', true);
  const officer = await createOfficer(db, council.id, 'OFFICER');
  await engine.client.workflow.start(panelReport, {
    workflowId: 'report-follow-up-reviewed',
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id }],
  });
  await engine.skipTo('2027-02-03', '23:30');
  const report = await db.report.findFirstOrThrow({ where: { dutyId: duty.id } });
  expect(report).toMatchObject({ status: 'AWAITING_APPROVAL', dueOn: toDbDate('2027-03-03') });
  const asked = sink.to(council.alertsEmail);
  expect(asked.map((message) => message.subject)).toEqual(['To approve: Regulation 33 visits: quarterly summary']);
  expect(asked[0]!.text).toContain(`${TEST_BASE_URL}/reports/${report.id}`);

  // Reminded ten and three working days before (Wednesday 17 and Friday 26 February); the morning after, the clerk and chair are told.
  await engine.skipTo('2027-03-04', '12:00');
  expect(sink.to(council.alertsEmail).map((message) => message.subject)).toEqual([
    'To approve: Regulation 33 visits: quarterly summary',
    'Reminder, to approve: Regulation 33 visits: quarterly summary',
    'Reminder, to approve: Regulation 33 visits: quarterly summary',
    'Not yet approved: Regulation 33 visits: quarterly summary for the Children and Young People Scrutiny Panel',
  ]);
  expect(sink.to('clerk@testshire.example')).toHaveLength(1);
  expect(sink.to('chair@members.example')).toHaveLength(1);
  expect(sink.to(PANEL_MEMBER.email)).toEqual([]);

  const otherCouncil = await createCouncil(db, 'Otherton Borough Council');
  const outsider = await createOfficer(db, otherCouncil.id, 'OFFICER');
  await expect(approveReport(engine.services(), outsider, { reportId: report.id })).rejects.toBeInstanceOf(NotFoundError);

  const commentary = 'Two homes were visited late because of staff illness.\n\nThe service has since recruited two more visitors.';
  await approveReport(engine.services(), officer, { reportId: report.id, commentary });
  await expect(approveReport(engine.services(), officer, { reportId: report.id })).rejects.toBeInstanceOf(ConflictError);
  await circulated(duty.id);
  await engine.skipTo('2027-03-20');

  const toPanel = sink.to(PANEL_MEMBER.email);
  expect(toPanel).toHaveLength(1);
  expect(toPanel[0]!.html).toContain('Officer’s commentary');
  expect(toPanel[0]!.html).toContain('Two homes were visited late because of staff illness.');
  expect(toPanel[0]!.html).toContain('Approved for circulation by OFFICER officer.');
  expect(toPanel[0]!.text).toContain('The service has since recruited two more visitors.');
  const commentaryPdf = toPanel[0]!.attachments.find((attachment) => attachment.filename?.endsWith('-commentary.pdf'));
  expect(pdfText(commentaryPdf!.content).replace(/\s+/g, ' ')).toContain('Two homes were visited late because of staff illness.');
  expect(toPanel[0]!.attachments.map((attachment) => attachment.contentType).sort()).toEqual([
    'application/pdf',
    'application/pdf',
    'text/csv',
  ]);
  expect(sink.messages.filter((message) => recipientOf(message) === PANEL_MEMBER.email)).toHaveLength(1);
  expect(await db.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
    status: 'CIRCULATED',
    approvedBy: 'OFFICER officer',
    commentary,
  });
});
