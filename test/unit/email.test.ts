import { calendarInvite } from '../../email/calendar-invite';
import { renderEmail } from '../../email/layout';
import { senderIdentity } from '../../email/sender';
import { isPermanentSmtpFailure } from '../../email/mailer';
import { parseInvite } from '../support/ics';

describe('email rendering', () => {
  const content = {
    subject: 'Your visit to Oakfield House',
    preview: 'Please visit before Monday 30 November 2026',
    greeting: 'Dear Councillor Okafor,',
    paragraphs: ['You are asked to visit <Oakfield House> & report back.'],
    facts: [['Due by', 'Monday 30 November 2026']] as Array<[string, string]>,
    actions: [{ label: 'Accept the visit', url: 'https://cpe.example/l/abc?x=1&y=2' }],
  };

  test('text from the database is escaped in the HTML and kept as written in the plain text', () => {
    const email = renderEmail(content, { signOff: 'Democratic Services' });
    expect(email.html).toContain('visit &lt;Oakfield House&gt; &amp; report back.');
    expect(email.html).not.toContain('<Oakfield House>');
    expect(email.text).toContain('You are asked to visit <Oakfield House> & report back.');
  });

  test('the plain text carries every fact and every link, so nothing depends on HTML', () => {
    const email = renderEmail(content, { signOff: 'Democratic Services' });
    expect(email.text).toContain('Due by: Monday 30 November 2026');
    expect(email.text).toContain('Accept the visit:\nhttps://cpe.example/l/abc?x=1&y=2');
    expect(email.html).toContain('href="https://cpe.example/l/abc?x=1&amp;y=2"');
  });
});

describe('calendar invites', () => {
  const base = {
    uid: 'visit-1@cpe',
    summary: 'Regulation 33 visit: Oakfield House',
    description: 'Visit during November.',
    organizer: { name: 'Democratic Services', email: 'ds@northmere.example' },
    attendee: { name: 'Councillor Okafor', email: 'okafor@northmere.example' },
  };

  test('an all-day visit window includes its last day (DTEND is the day after)', () => {
    const invite = parseInvite(
      calendarInvite({ ...base, sequence: 0, method: 'REQUEST', when: { allDay: true, firstDay: '2026-11-01', lastDay: '2026-11-30' } })
        .content,
    );
    expect(invite).toMatchObject({ method: 'REQUEST', allDay: true, startDate: '2026-11-01', endDate: '2026-12-01', sequence: 0 });
    expect(invite.attendees).toEqual(['mailto:okafor@northmere.example']);
  });

  test('a cancellation keeps the UID, raises the sequence and says CANCELLED', () => {
    const cancel = calendarInvite({
      ...base,
      sequence: 1,
      method: 'CANCEL',
      when: { allDay: true, firstDay: '2026-11-01', lastDay: '2026-11-30' },
    });
    expect(cancel.filename).toBe('cancellation.ics');
    expect(parseInvite(cancel.content)).toMatchObject({ method: 'CANCEL', uid: 'visit-1@cpe', sequence: 1, status: 'CANCELLED' });
  });
});

describe('senders and SMTP failures', () => {
  test('the From header gives the organizer of invites', () => {
    expect(senderIdentity('Democratic Services <ds@northmere.example>')).toEqual({
      name: 'Democratic Services',
      email: 'ds@northmere.example',
    });
    expect(senderIdentity('ds@northmere.example')).toEqual({ name: 'ds@northmere.example', email: 'ds@northmere.example' });
  });

  test("5xx replies and refused envelopes are permanent; 4xx, connection errors and the relay's own TLS or sign-in refusals are retried", () => {
    expect(isPermanentSmtpFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ code: 'EENVELOPE' })).toBe(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'ETLS', responseCode: 500 })).toBe(false);
    expect(isPermanentSmtpFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
  });
});
