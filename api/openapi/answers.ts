import { z } from 'zod';

import { fromDbDate } from '../../domain/calendar';

/**
 * Building blocks of the API's answers. Dates leave as ISO 8601: a calendar
 * day as YYYY-MM-DD (services hold it as text, or as Postgres's midnight
 * Date), an instant with its offset; the words people read go beside them in
 * a `…Text` field, never in their place.
 */
export const day = z.codec(z.iso.date(), z.union([z.iso.date(), z.date()]), {
  decode: (text) => text,
  encode: (value) => (typeof value === 'string' ? value : fromDbDate(value)),
});

export const instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

export const text = (description: string) => z.string().describe(description);

export const dayText = text('the day as people read it, with its weekday, e.g. "Tuesday 16 June 2026"');
export const instantText = text('the moment as people read it, in the council\'s time zone, e.g. "Tuesday 16 June 2026 at 6:30pm"');

/** A span of days, as reports and visits give it. */
export const period = z
  .object({ start: day, end: day, text: text('the period as people read it') })
  .describe('the period, first and last day');

export const memberRef = z.object({ reference: text("the member's reference"), name: text("the member's name as shown") });

export const uuid = z.uuid();

/** Every error answer: the message, for input the problems with the field each names, and for a conflict what it conflicts with. */
export const errorAnswer = z.object({
  error: z.looseObject({
    message: text('what went wrong and how to put it right'),
    problems: z
      .array(z.object({ field: text('the field, e.g. "meetingId"'), message: text('what is wrong with it and the fix') }))
      .optional()
      .describe('for 400: each field that is wrong'),
  }),
});

/** A service's `when` (the words) as the API names it, beside `startsAt`. */
export const withStartsAtText = <Value extends { when: string }>({ when, ...rest }: Value) => ({ ...rest, startsAtText: when });
