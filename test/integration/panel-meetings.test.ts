import type { ParsedMail } from 'mailparser';

import { instantAt } from '../../domain/calendar';
import { hashPassword } from '../../services/officer-auth';
import { createApiToken } from '../../services/officers';
import { startTestEngine, type TestEngine } from '../support/engine';
import { createCouncil } from '../support/fixtures';
import { parseInvite } from '../support/ics';
import { signedInOfficer } from '../support/officer-browser';
import { textOf } from '../support/page-text';
import { recipientOf } from '../support/smtp-sink';
import { callApi, serveTestWebApp, type TestWebApp } from '../support/web-app';

/*
 * A panel meeting added, invited, moved and cancelled through the API and the
 * officer's page, on the real worker: every invitee's calendar receives the
 * invitation, then the update (same UID, higher SEQUENCE, METHOD:REQUEST),
 * then the cancellation (same UID, higher SEQUENCE again, METHOD:CANCEL), and
 * nothing twice.
 */

const PASSWORD = 'correct horse battery staple';
const INVITEES = ['nia.reed@health.example', 'scrutiny@testshire.example'];

let engine: TestEngine;
let web: TestWebApp;
let token: string;
let councilSlug: string;

const api = (method: string, path: string, body?: unknown) => callApi({ baseUrl: web.baseUrl, token }, method, path, body);

/** Each invitee's calendar file in the messages, parsed with ical.js. */
function calendarsIn(messages: ParsedMail[]) {
  return messages.map((message) => {
    const file = message.attachments.find((attachment) => attachment.filename?.endsWith('.ics'));
    return { to: recipientOf(message), subject: message.subject, file: file!.filename, ...parseInvite(file!.content.toString('utf8')) };
  });
}

beforeAll(async () => {
  engine = await startTestEngine();
  // The officer acts on Monday 23 November 2026; the meetings are in the new year.
  web = await serveTestWebApp(engine.services(() => instantAt('2026-11-23', '09:00')));
  const council = await createCouncil(engine.db);
  councilSlug = council.slug;
  const officer = await engine.db.officer.create({
    data: {
      councilId: council.id,
      name: 'Pat Officer',
      email: 'pat@testshire.example',
      role: 'OFFICER',
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  token = (await createApiToken(engine.db, { councilId: council.id, officerId: officer.id, role: 'OFFICER' }, { label: 'meetings' })).token;
});

afterAll(async () => {
  await web?.close();
  await engine?.close();
});

test('a meeting invited, moved and cancelled reaches each invitee as one invitation, one update and one cancellation of the same event', async () => {
  expect(
    (await api('POST', '/panels', { key: 'cyp-scrutiny', name: 'Children and Young People Scrutiny Panel', kind: 'CYP_SCRUTINY' })).status,
  ).toBe(201);
  for (const email of INVITEES) {
    expect((await api('POST', '/panels/cyp-scrutiny/distribution', { name: `Invitee ${email}`, email })).status).toBe(201);
  }
  const added = await api('POST', '/meetings', {
    panelKey: 'cyp-scrutiny',
    date: '2027-01-19',
    time: '18:30',
    location: 'Committee Room 1',
  });
  const { meetingId } = (await added.json()) as { meetingId: string };

  // Moved before anyone is invited: nothing is sent.
  expect((await api('POST', `/meetings/${meetingId}/move`, { date: '2027-01-20', time: '18:30' })).status).toBe(200);
  expect((await api('POST', `/meetings/${meetingId}/invitations`)).status).toBe(202);
  const invitations = calendarsIn(await engine.sink.waitForMessages(2));

  const moved = await api('POST', `/meetings/${meetingId}/move`, { date: '2027-01-26', time: '18:00', location: 'Council Chamber' });
  expect(await moved.json()).toMatchObject({
    startsAt: '2027-01-26T18:00:00.000Z',
    startsAtText: 'Tuesday 26 January 2027 at 6pm',
    invitationsUpdated: true,
  });
  const updates = calendarsIn((await engine.sink.waitForMessages(4)).slice(2));

  // Asking again for the invitations as they stand sends nothing more: the outbox has sent this version.
  expect((await api('POST', `/meetings/${meetingId}/invitations`)).status).toBe(202);

  const browser = await signedInOfficer(web.baseUrl, { council: councilSlug, email: 'pat@testshire.example', password: PASSWORD });
  const formToken = await browser.formToken(`/meetings/${meetingId}`);
  const cancelled = await browser.post(`/meetings/${meetingId}/cancel`, { _csrf: formToken });
  expect(cancelled.status).toBe(303);
  const page = await textOf(await browser.get(cancelled.headers.get('location')!));
  expect(page).toContain('The meeting is cancelled, and the invitees are being sent the cancellation.');
  expect(page).toContain('Children and Young People Scrutiny Panel: Tuesday 26 January 2027 at 6pm');
  expect(page).toContain('Status Cancelled');
  expect(page).not.toContain('Move the meeting');
  const cancellations = calendarsIn((await engine.sink.waitForMessages(6)).slice(4));

  const uid = `panel-meeting-${meetingId}@corporate-parenting-engine`;
  for (const address of INVITEES) {
    const [invitation, update, cancellation] = [invitations, updates, cancellations].map((batch) =>
      batch.find((entry) => entry.to === address)!,
    );
    // Moved before it was sent, it is a plain invitation to the new time.
    expect(invitation).toMatchObject({
      method: 'REQUEST',
      uid,
      status: 'CONFIRMED',
      location: 'Committee Room 1',
      file: 'invite.ics',
      subject: 'Children and Young People Scrutiny Panel: Wednesday 20 January 2027 at 6:30pm',
    });
    expect(invitation!.start.toISOString()).toBe('2027-01-20T18:30:00.000Z');
    expect(update).toMatchObject({
      method: 'REQUEST',
      uid,
      status: 'CONFIRMED',
      location: 'Council Chamber',
      subject: 'Moved: Children and Young People Scrutiny Panel: Tuesday 26 January 2027 at 6pm',
    });
    expect(update!.start.toISOString()).toBe('2027-01-26T18:00:00.000Z');
    expect(cancellation).toMatchObject({ method: 'CANCEL', uid, status: 'CANCELLED', file: 'cancellation.ics' });
    expect(invitation!.sequence).toBeLessThan(update!.sequence);
    expect(update!.sequence).toBeLessThan(cancellation!.sequence);
  }

  // Nothing went twice: after a pause, still one invitation, one update and one cancellation each.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(engine.sink.messages).toHaveLength(6);
  const rows = await engine.db.notification.findMany({ where: { idempotencyKey: { startsWith: `panel-meeting:${meetingId}:` } } });
  expect(rows.map((row) => row.status)).toEqual(Array(6).fill('SENT'));
});
