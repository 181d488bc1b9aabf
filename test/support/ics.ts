import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };

// ical.js publishes ES-module types only; its CommonJS build is what Jest loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;

export interface ParsedInvite {
  method: string;
  uid: string;
  sequence: number;
  summary: string;
  location: string;
  organizer: string;
  attendees: string[];
  status: string;
  start: Date;
  /** For all-day events, the first and last day (DTEND is exclusive). */
  allDay: boolean;
  startDate: string;
  endDate: string;
}

/** Parses an .ics file with ical.js, failing on anything that is not valid iCalendar. */
export function parseInvite(content: string): ParsedInvite {
  const calendar = new ICAL.Component(ICAL.parse(content) as unknown[]);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('No VEVENT in calendar');
  const event = new ICAL.Event(vevent);
  return {
    method: String(calendar.getFirstPropertyValue('method') as string),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    location: event.location,
    organizer: event.organizer.replace(/^mailto:/i, 'mailto:'),
    attendees: event.attendees.map((attendee) => String(attendee.getFirstValue() as string).replace(/^mailto:/i, 'mailto:')),
    status: String(vevent.getFirstPropertyValue('status') as string),
    start: event.startDate.toJSDate(),
    allDay: event.startDate.isDate,
    startDate: event.startDate.toString(),
    endDate: event.endDate.toString(),
  };
}
