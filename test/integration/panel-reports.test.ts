import { addDays, formatDate, fromDbDate, instantAt, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { reportingPeriodContaining } from '../../domain/reports/periods';
import { submitAuthoredReport } from '../../services/reports/reports';
import { panelReport } from '../../workflows';
import { createCouncil, createMember, createReg33QuarterlyDuty } from '../support/fixtures';
import { recipientOf } from '../support/smtp-sink';
import { startTimeSkippingEngine, type TimeSkippingEngine } from '../support/time-skipping-engine';

let engine: TimeSkippingEngine;

beforeAll(async () => {
  engine = await startTimeSkippingEngine({ taskQueue: 'panel-reports' });
});

afterAll(async () => {
  await engine?.close();
});

async function panelWithMeeting(meetingOn: IsoDate) {
  const { db } = engine;
  const council = await createCouncil(db);
  const chair = await createMember(db, council.id, { givenName: 'Chris', familyName: 'Chair', email: 'chair@members.example' });
  const panel = await db.panel.create({
    data: {
      councilId: council.id,
      key: 'cyp',
      name: 'Children and Young People Scrutiny Panel',
      kind: 'CYP_SCRUTINY',
      clerkName: 'Clerk',
      clerkEmail: 'clerk@testshire.example',
      chairMemberId: chair.id,
      distribution: { create: [{ councilId: council.id, name: 'Panel Member', email: 'panel@testshire.example' }] },
      meetings: { create: [{ councilId: council.id, startsAt: instantAt(meetingOn, '18:30'), location: 'Committee Room 1' }] },
    },
  });
  return { council, panel };
}

test('an authored six-monthly report that is late: reminders in working days across Christmas, escalation to chair and clerk, then submission and circulation', async () => {
  const { db, sink } = engine;
  const today = await engine.today();
  const half = reportingPeriodContaining(
    addDays(reportingPeriodContaining(today, 'SIX_MONTHLY', 'MUNICIPAL').start, -1),
    'SIX_MONTHLY',
    'MUNICIPAL',
  );
  // The first meeting after the half ends is Tuesday 19 January 2027: due ten working days before it.
  const { council, panel } = await panelWithMeeting('2027-01-19');
  const duty = await db.reportDuty.create({
    data: {
      councilId: council.id,
      panelId: panel.id,
      key: 'scp-update',
      title: 'Safeguarding Children Partnership: six-monthly update',
      authoring: 'AUTHORED',
      cadence: 'SIX_MONTHLY',
      ownerName: 'Partnership Business Manager',
      ownerEmail: 'manager@partnership.example',
      reminderDays: [10, 3],
      extraRecipients: ['dcs@testshire.example'],
    },
  });
  const handle = await engine.client.workflow.start(panelReport, {
    workflowId: 'report-scp-update',
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id, periodStart: half.start }],
  });
  await engine.skipTo(today, '23:00');
  const report = await db.report.findFirstOrThrow({ where: { dutyId: duty.id } });
  expect(report).toMatchObject({ status: 'DUE', dueOn: toDbDate('2027-01-05'), workflowId: 'report-scp-update' });

  // Reminders ten and three working days before Tuesday 5 January: Thursday 17 and Wednesday 30 December (Christmas and New Year skipped).
  await engine.skipTo('2026-12-16');
  expect(sink.messages.map((message) => message.subject)).toEqual([]);
  await engine.skipTo('2026-12-17');
  await engine.skipTo('2026-12-30');
  const reminders = sink.to('manager@partnership.example');
  expect(reminders.map((message) => message.subject)).toEqual([
    `Safeguarding Children Partnership: six-monthly update is due on ${formatDate('2027-01-05')}`,
    `Safeguarding Children Partnership: six-monthly update is due on ${formatDate('2027-01-05')}`,
  ]);
  const ownerLink = /https?:\/\/\S+\/r\/[A-Za-z0-9_.-]+/.exec(reminders[0]!.text ?? '')?.[0];
  expect(ownerLink).toBeDefined();

  sink.messages.length = 0;
  await engine.skipTo('2027-01-06');
  const late = sink.messages.filter(
    (message) =>
      message.subject === 'Late: Safeguarding Children Partnership: six-monthly update for the Children and Young People Scrutiny Panel',
  );
  expect(late.map(recipientOf).sort()).toEqual(
    ['chair@members.example', 'clerk@testshire.example', council.alertsEmail, 'manager@partnership.example'].sort(),
  );

  sink.messages.length = 0;
  await submitAuthoredReport(engine.services(), report.id, council.id, {
    link: 'https://partnership.example/reports/2026-h1',
    submittedBy: 'Partnership Business Manager',
  });
  const result = await handle.result();
  expect(result).toMatchObject({ reportId: report.id, sent: 2, failed: 0 });
  expect(sink.messages.map(recipientOf).sort()).toEqual(['dcs@testshire.example', 'panel@testshire.example']);
  expect(sink.messages[0]!.text).toContain('https://partnership.example/reports/2026-h1');
  expect(await db.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
    status: 'CIRCULATED',
    submittedBy: 'Partnership Business Manager',
  });
});

test('a generated report is built and circulated at once, with its PDF and CSV, to the meeting after its period', async () => {
  const { db, sink } = engine;
  sink.messages.length = 0;
  // The test server's clock has moved on with the earlier test; the quarter just ended is the one before today's.
  const today = await engine.today();
  const quarter = reportingPeriodContaining(
    addDays(reportingPeriodContaining(today, 'QUARTERLY', 'MUNICIPAL').start, -1),
    'QUARTERLY',
    'MUNICIPAL',
  );
  const meetingOn = addDays(quarter.end, 40);
  const { council, panel } = await panelWithMeeting(meetingOn);
  await db.panelMeeting.create({
    data: {
      councilId: council.id,
      panelId: panel.id,
      startsAt: instantAt(addDays(quarter.end, -10), '18:30'),
      location: 'Committee Room 1',
    },
  });
  const duty = await createReg33QuarterlyDuty(db, council.id, panel.id, 'reg33');
  const result = await engine.client.workflow.execute(panelReport, {
    workflowId: 'report-reg33',
    taskQueue: engine.taskQueue,
    args: [{ dutyId: duty.id }],
  });
  expect(result).toMatchObject({ sent: 1, failed: 0 });
  expect(sink.messages[0]!.attachments.map((attachment) => attachment.contentType).sort()).toEqual(['application/pdf', 'text/csv']);
  const report = await db.report.findUniqueOrThrow({ where: { id: result.reportId }, include: { meeting: true } });
  expect(report.status).toBe('CIRCULATED');
  expect(fromDbDate(report.periodStart)).toBe(quarter.start);
  expect(localDateOf(report.meeting!.startsAt)).toBe(meetingOn);
});
