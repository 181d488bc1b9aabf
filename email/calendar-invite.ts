import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

import { addDays, type IsoDate } from '../domain/calendar';

export interface CalendarInvite {
  /** Stable across updates and the cancellation, so calendars replace rather than duplicate. */
  uid: string;
  /** Raised on every change to the same event (RFC 5546). */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  summary: string;
  description: string;
  location?: string;
  url?: string;
  when: { allDay: true; firstDay: IsoDate; lastDay: IsoDate } | { allDay: false; start: Date; end: Date };
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
}

export interface CalendarAttachment {
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  content: string;
}

/** An iCalendar (RFC 5545/5546) invitation or cancellation for one attendee. */
export function calendarInvite(invite: CalendarInvite): CalendarAttachment {
  const calendar = ical({
    prodId: { company: 'Corporate Parenting Engine', product: 'cpe', language: 'EN' },
    method: invite.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
  });
  const timing = invite.when.allDay
    ? // All-day events end on the day after the last day (DTEND is exclusive).
      { allDay: true, start: invite.when.firstDay, end: addDays(invite.when.lastDay, 1) }
    : { allDay: false, start: invite.when.start, end: invite.when.end };
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    ...timing,
    summary: invite.summary,
    description: invite.description,
    location: invite.location ?? null,
    url: invite.url ?? null,
    status: invite.method === 'REQUEST' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED,
    organizer: invite.organizer,
    attendees: [
      {
        name: invite.attendee.name,
        email: invite.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: invite.method === 'REQUEST',
      },
    ],
  });
  return {
    method: invite.method,
    filename: invite.method === 'REQUEST' ? 'invite.ics' : 'cancellation.ics',
    content: calendar.toString(),
  };
}
