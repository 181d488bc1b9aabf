import { formatDate, formatDateTime, type IsoDate } from '../../domain/calendar';
import type { EmailContent } from '../layout';

export interface PledgeEmailContext {
  councilName: string;
  memberName: string;
  yearLabel: string;
  eventStartsAt: Date;
  eventLocation: string | null;
  zone: string;
  /** The member's page: RSVP and sign online. */
  link: string;
  linkExpiresOn: IsoDate;
}

const footnote = (ctx: PledgeEmailContext) =>
  `The buttons in this email are personal to you and work until ${formatDate(ctx.linkExpiresOn)}. Please do not forward it.`;

export function pledgeInvitation(ctx: PledgeEmailContext, eventStillAhead: boolean): EmailContent {
  const when = formatDateTime(ctx.eventStartsAt, ctx.zone);
  return {
    subject: eventStillAhead
      ? `You are invited to sign the Corporate Parenting Pledge: ${when}`
      : `Please sign the Corporate Parenting Pledge for ${ctx.yearLabel}`,
    preview: eventStillAhead ? `The signing event is on ${when}.` : 'You can sign online in a minute.',
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: eventStillAhead
      ? [
          `Every member of ${ctx.councilName} is a corporate parent of the children the council looks after. You are invited to sign the Corporate Parenting Pledge for ${ctx.yearLabel} at the signing event, which children and young people in our care are invited to.`,
          'Please let us know whether you can come. If you cannot, you can sign online.',
        ]
      : [
          `Every member of ${ctx.councilName} is a corporate parent of the children the council looks after. The signing event for the ${ctx.yearLabel} Corporate Parenting Pledge has taken place; you can sign online.`,
        ],
    facts: eventStillAhead
      ? [
          ['When', when],
          ['Where', ctx.eventLocation ?? 'to be confirmed'],
        ]
      : [],
    actions: eventStillAhead
      ? [
          { label: 'I will attend', url: `${ctx.link}?rsvp=yes` },
          { label: 'I cannot attend', url: `${ctx.link}?rsvp=no`, secondary: true },
          { label: 'Read and sign online', url: ctx.link, secondary: true },
        ]
      : [{ label: 'Read and sign the pledge', url: ctx.link }],
    footnote: footnote(ctx),
  };
}

export function pledgeEventReminder(ctx: PledgeEmailContext, daysBefore: number): EmailContent {
  const when = formatDateTime(ctx.eventStartsAt, ctx.zone);
  return {
    subject: `Reminder: Corporate Parenting Pledge signing ${daysBefore === 1 ? 'tomorrow' : `in ${daysBefore} days`}, ${when}`,
    preview: `${ctx.eventLocation ?? ''}`.trim() || 'The signing event is coming up.',
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: ['A reminder of the signing event for the Corporate Parenting Pledge. If you cannot come, you can sign online now.'],
    facts: [
      ['When', when],
      ['Where', ctx.eventLocation ?? 'to be confirmed'],
    ],
    actions: [{ label: 'Reply or sign online', url: ctx.link }],
    footnote: footnote(ctx),
  };
}

export function pledgeChase(ctx: PledgeEmailContext, round: number): EmailContent {
  return {
    subject: `Please sign the Corporate Parenting Pledge for ${ctx.yearLabel}`,
    preview: 'It takes a minute, online.',
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [
      `We have not yet received your signature on the ${ctx.yearLabel} Corporate Parenting Pledge. Every member's name is printed on the pledge displayed in the Town Hall and published on the council's website, showing who has signed.`,
      round > 1 ? 'This is a further reminder. Please sign online now.' : 'Please sign online: it takes a minute.',
    ],
    actions: [{ label: 'Read and sign the pledge', url: ctx.link }],
    footnote: footnote(ctx),
  };
}
