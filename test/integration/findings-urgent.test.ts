import { instantAt } from '../../domain/calendar';
import type { Activities } from '../../activities';
import { createSmtpMailer, type Mailer } from '../../email/mailer';
import { createTestActivities, TEST_BASE_URL } from '../support/activities';
import { useDemoCouncil } from '../support/demo-council';
import { reportOnCurrentVisit } from '../support/findings';
import { expectRedirect } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { recipientOf, startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/*
 * Urgent concerns on the real activities, Postgres and an SMTP sink: a report
 * with a safeguarding or HIGH-severity issue alerts democratic services, the
 * home's manager and the lead member for children once each, however often the
 * activity runs; officers acknowledge it from "Needs attention".
 */

const demo = useDemoCouncil({ taskQueue: 'findings-urgent-test-no-worker' });
let sink: SmtpSink;
let mailer: Mailer;
let activities: Activities;
/** The activities' clock: moved on between runs, to show the first raising is the one kept. */
let now = instantAt('2026-11-23', '09:05');
let lead: { email: string };

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createSmtpMailer(sink.url);
  activities = createTestActivities({ db: demo.db, mailer, clock: () => now });
  const member = await demo.db.member.findFirstOrThrow({ where: { councilId: demo.id, leftOn: null }, orderBy: { reference: 'desc' } });
  await demo.db.panel.updateMany({ where: { councilId: demo.id, kind: 'CORPORATE_PARENTING' }, data: { leadMemberId: member.id } });
  lead = member;
});

afterAll(async () => {
  mailer?.close();
  await sink?.stop();
});

const urgentIssue = { category: 'SAFEGUARDING', severity: 'HIGH', description: 'The alarm on the back door was switched off.' } as const;

test('a HIGH safeguarding issue alerts democratic services, the manager and the lead member once each, however often the activity runs', async () => {
  const { reportId, visitId, establishment } = await reportOnCurrentVisit(demo, [
    urgentIssue,
    { category: 'PREMISES', severity: 'LOW', description: 'A loose fence panel in the garden.' },
  ]);
  const council = await demo.db.council.findUniqueOrThrow({ where: { id: demo.id } });
  const addresses = [council.alertsEmail, establishment.managerEmail!, lead.email];

  expect(await activities.raiseUrgentConcern(reportId)).toEqual({ raised: true });
  now = instantAt('2026-11-23', '09:20');
  // A retry after a lost answer, and two at once: nothing goes twice.
  expect(await activities.raiseUrgentConcern(reportId)).toEqual({ raised: true });
  await Promise.all([activities.raiseUrgentConcern(reportId), activities.raiseUrgentConcern(reportId)]);
  await sink.waitForMessages(3);
  await new Promise((resolve) => setTimeout(resolve, 300));

  expect(sink.messages.map(recipientOf).sort()).toEqual([...addresses].sort());
  const report = await demo.db.visitReport.findUniqueOrThrow({ where: { id: reportId } });
  expect(report.urgentRaisedAt).toEqual(instantAt('2026-11-23', '09:05'));
  const alert = sink.to(establishment.managerEmail!)[0]!;
  expect(alert.subject).toBe(`Urgent concern: ${establishment.name}, visited Friday 20 November 2026`);
  expect(alert.text).toContain(`Dear ${establishment.managerName},`);
  expect(alert.text).toContain('Issue 1: Safeguarding, high severity: The alarm on the back door was switched off.');
  expect(alert.text).toContain('The report records 1 other issue(s) as well.');
  expect(alert.text).toContain(`${TEST_BASE_URL}/visits/${visitId}`);
  expect(alert.text).not.toContain('A loose fence panel');
  expect(sink.to(lead.email)[0]!.text).toContain('as the lead member of the Corporate Parenting Panel');
});

test('a report without a safeguarding or HIGH issue raises no concern and sends nothing', async () => {
  sink.messages.length = 0;
  const { reportId } = await reportOnCurrentVisit(demo, [
    { category: 'PREMISES', severity: 'MEDIUM', description: 'The fire door on the landing sticks.' },
  ]);
  expect(await activities.raiseUrgentConcern(reportId)).toEqual({ raised: false });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.messages).toHaveLength(0);
  expect((await demo.db.visitReport.findUniqueOrThrow({ where: { id: reportId } })).urgentRaisedAt).toBeNull();
});

test('a report saying the visitor spoke with children in private, but not with children at all, is refused naming the field', async () => {
  await expect(reportOnCurrentVisit(demo, [urgentIssue], { spokeWithChildren: false })).rejects.toMatchObject({
    problems: [{ field: 'spokeWithChildrenInPrivate', message: expect.stringContaining('answer no here, or yes to speaking with them') }],
  });
});

test('the concern heads "Needs attention" until an officer acknowledges it; another council’s officer gets "not found"', async () => {
  const { reportId, visitId, establishment } = await reportOnCurrentVisit(demo, [urgentIssue]);
  await activities.raiseUrgentConcern(reportId);
  const acknowledge = `/urgent-concerns/${reportId}/acknowledge`;
  const officer = await demo.officer();
  const home = await textOf(await officer.get('/'));
  // The first test's concern is waiting too, alerted earlier, so listed first.
  const item = `${establishment.name}: visited Friday 20 November 2026 Safeguarding (High): The alarm on the back door was switched off.`;
  expect(home).toContain('Today is Monday 23 November 2026. Urgent concerns to acknowledge 2 ');
  expect(home.indexOf(item)).toBeGreaterThan(0);
  expect(home.indexOf(item)).toBeLessThan(home.indexOf('Visits this period with nobody allocated'));
  const visitPage = await textOf(await officer.get(`/visits/${visitId}`));
  expect(visitPage).toContain('Urgent concern');
  expect(visitPage).toContain('Not yet acknowledged');
  expect(visitPage).toContain('Records inspected Complaints');
  expect(visitPage).toContain('No conflict of interest declared Yes');

  const other = await demo.otherOfficer();
  expect((await other.post(acknowledge, { _csrf: await other.formToken('/') })).status).toBe(404);
  const readOnly = await demo.readOnly();
  expect((await readOnly.post(acknowledge, { _csrf: await officer.formToken('/') })).status).toBe(403);
  expect((await officer.post(acknowledge, {})).status).toBe(403);
  expect(await demo.db.visitReport.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({ urgentAcknowledgedAt: null });

  const token = await officer.formToken('/');
  expectRedirect(await officer.post(acknowledge, { _csrf: token }), '/?done=acknowledged');
  expectRedirect(await officer.post(acknowledge, { _csrf: token, back: 'visit' }), `/visits/${visitId}?done=acknowledged`);
  const ravi = await demo.db.officer.findFirstOrThrow({ where: { councilId: demo.id, email: 'ravi.chandran@northmere.example' } });
  expect(await demo.db.visitReport.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({
    urgentAcknowledgedAt: instantAt('2026-11-23', '09:00'),
    urgentAcknowledgedByOfficerId: ravi.id,
  });
  expect(await demo.db.auditEvent.count({ where: { action: 'visit.urgent-concern-acknowledged', entityId: reportId } })).toBe(1);
  expect(await textOf(await officer.get('/?done=acknowledged'))).toContain('The urgent concern has been acknowledged.');
  const after = await textOf(await officer.get('/'));
  expect(after).toContain('Urgent concerns to acknowledge 1 ');
  expect(after).not.toContain(item);
  expect(await textOf(await officer.get(`/visits/${visitId}`))).toContain('Acknowledged Monday 23 November 2026 at 9am by Ravi Chandran.');
});
