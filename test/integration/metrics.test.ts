import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../../workflows';
import { startTestEngine, type TestEngine } from '../support/engine';
import { createCouncil, createPanelWithMeeting } from '../support/fixtures';
import { serveTestWebApp, type TestWebApp } from '../support/web-app';

const NOW = new Date('2027-01-05T10:00:00Z');
let engine: TestEngine;
let web: TestWebApp;

beforeAll(async () => {
  engine = await startTestEngine({ clock: () => NOW });
  web = await serveTestWebApp(engine.services());
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

/** One scrape of /metrics, as Prometheus reads it: each sample's name with its labels, and its value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${web.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const samples = (await response.text()).split('\n').filter((line) => line && !line.startsWith('#'));
  return new Map(samples.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
}

test('the engine’s figures move as emails are sent and wait (sent, waiting, failed, the oldest wait), and overdue duties are counted', async () => {
  const before = await scrape();
  expect(before.get('cpe_emails{status="SENT"}')).toBe(0);
  expect(before.get('cpe_outbox_oldest_unsent_seconds')).toBe(0);
  expect(before.get('cpe_overdue_duties{duty="visits"}')).toBe(0);
  expect(before.get('cpe_overdue_duties{duty="reports"}')).toBe(0);
  expect(before.has('cpe_web_process_resident_memory_bytes')).toBe(true);

  const council = await createCouncil(engine.db);
  const { meeting } = await createPanelWithMeeting(engine.db, council.id, {
    startsAt: new Date('2027-01-19T18:30:00Z'),
    recipients: [
      { name: 'Councillor Amara Okafor', email: 'amara.okafor@members.example' },
      { name: 'Scrutiny Officer', email: 'scrutiny@testshire.example' },
    ],
  });
  await engine.client.workflow.execute(panelMeetingInvites, {
    workflowId: panelMeetingInvitesWorkflowId(meeting.id),
    taskQueue: engine.taskQueue,
    args: [{ meetingId: meeting.id }],
  });
  // An email queued ten minutes before the scrape that has not gone yet, as when the relay is down.
  await engine.db.notification.create({
    data: {
      councilId: council.id,
      idempotencyKey: 'metrics-test:waiting',
      kind: 'test',
      toAddress: 'waiting@members.example',
      subject: 'Waiting',
      html: '<p>Waiting</p>',
      text: 'Waiting',
      messageId: '<waiting@test>',
      createdAt: new Date(NOW.getTime() - 10 * 60_000),
    },
  });

  const after = await scrape();
  expect(after.get('cpe_emails{status="SENT"}')).toBe(2);
  expect(after.get('cpe_emails{status="PENDING"}')).toBe(1);
  expect(after.get('cpe_emails{status="FAILED"}')).toBe(0);
  expect(after.get('cpe_outbox_oldest_unsent_seconds')).toBe(600);
});
