import { panelMeetingInvites, panelMeetingInvitesWorkflowId } from '../../workflows';
import { startTestEngine, type TestEngine } from '../support/engine';
import { createCouncil, createPanelWithMeeting } from '../support/fixtures';
import { parseInvite } from '../support/ics';

let engine: TestEngine;
let failedOnce = false;

beforeAll(async () => {
  engine = await startTestEngine({
    // The first invite's activity does its work, then fails as if the worker died before
    // reporting completion: Temporal retries it, and the outbox must not send it again.
    adjust: (activities) => ({
      ...activities,
      async sendMeetingInvite(input) {
        const result = await activities.sendMeetingInvite(input);
        if (!failedOnce) {
          failedOnce = true;
          throw new Error('worker lost before reporting the activity complete');
        }
        return result;
      },
    }),
  });
});

afterAll(async () => {
  await engine?.close();
});

test('a workflow starts, its activities write Postgres, and each invitee receives one email with a valid calendar invite', async () => {
  const council = await createCouncil(engine.db);
  const startsAt = new Date('2027-01-19T18:30:00Z');
  const { meeting } = await createPanelWithMeeting(engine.db, council.id, {
    startsAt,
    recipients: [
      { name: 'Councillor Amara Okafor', email: 'amara.okafor@members.example' },
      { name: 'Scrutiny Officer', email: 'scrutiny@testshire.example' },
    ],
  });

  const result = await engine.client.workflow.execute(panelMeetingInvites, {
    workflowId: panelMeetingInvitesWorkflowId(meeting.id),
    taskQueue: engine.taskQueue,
    args: [{ meetingId: meeting.id }],
  });

  expect(failedOnce).toBe(true);
  expect(result.failed).toBe(0);
  expect(result.sent + result.alreadySent).toBe(2);
  await engine.sink.waitForMessages(2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(engine.sink.messages.map((message) => (message.to as { text: string }).text).sort()).toEqual([
    '"Councillor Amara Okafor" <amara.okafor@members.example>',
    '"Scrutiny Officer" <scrutiny@testshire.example>',
  ]);

  const rows = await engine.db.notification.findMany({ where: { councilId: council.id } });
  expect(rows.map((row) => row.status)).toEqual(['SENT', 'SENT']);

  for (const message of engine.sink.messages) {
    expect(message.subject).toBe('Children and Young People Scrutiny Panel: Tuesday 19 January 2027 at 6:30pm');
    const ics = message.attachments.find((attachment) => attachment.filename === 'invite.ics');
    expect(ics).toBeDefined();
    const invite = parseInvite(ics!.content.toString('utf8'));
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: `panel-meeting-${meeting.id}@corporate-parenting-engine`,
      location: 'Committee Room 1, Town Hall',
      organizer: 'mailto:democratic.services@testshire.example',
      status: 'CONFIRMED',
    });
    expect(invite.start.toISOString()).toBe(startsAt.toISOString());
  }
});
