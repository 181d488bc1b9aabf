import { formatDate, type IsoDate } from '../../domain/calendar';
import type { EmailContent } from '../layout';

export interface TrainingEmailContext {
  councilName: string;
  memberName: string;
  courseTitle: string;
  dueBy: IsoDate;
  /** Why the member needs it: "you are a councillor and sit on the Corporate Parenting Panel". */
  because: string;
  /** Where the member confirms they have completed it. */
  confirmLink: string;
  linkExpiresOn: IsoDate;
}

export function trainingReminder(ctx: TrainingEmailContext, kind: 'FIRST_TIME' | 'RENEWAL', daysBefore: number): EmailContent {
  const when = `${formatDate(ctx.dueBy)} (${daysBefore} day${daysBefore === 1 ? '' : 's'} from now)`;
  return {
    subject:
      kind === 'FIRST_TIME'
        ? `Please complete ${ctx.courseTitle} by ${formatDate(ctx.dueBy)}`
        : `${ctx.courseTitle} expires on ${formatDate(ctx.dueBy)}`,
    preview: kind === 'FIRST_TIME' ? `Due by ${when}.` : `Please renew it before ${when}.`,
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [
      kind === 'FIRST_TIME'
        ? `As ${ctx.because}, you need to complete ${ctx.courseTitle} by ${when}.`
        : `Your ${ctx.courseTitle} is valid until ${when}. As ${ctx.because}, you need to renew it before then.`,
      'Democratic services can tell you the next session. If you have already done it, tell us with the button below.',
      kind === 'RENEWAL' ? 'If it lapses, you cannot make visits or sit on panels that require it until it is renewed.' : '',
    ].filter(Boolean),
    facts: [
      ['Course', ctx.courseTitle],
      ['Due by', formatDate(ctx.dueBy)],
    ],
    actions: [{ label: 'I have completed it', url: ctx.confirmLink }],
    footnote: `This button is personal to you and works until ${formatDate(ctx.linkExpiresOn)}. Please do not forward this email.`,
  };
}

export function trainingLapsedNotice(
  ctx: Omit<TrainingEmailContext, 'confirmLink' | 'linkExpiresOn'> & { confirmLink: string },
): EmailContent {
  return {
    subject: `${ctx.courseTitle} has lapsed`,
    preview: `It was valid until ${formatDate(ctx.dueBy)}.`,
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [
      `Your ${ctx.courseTitle} was valid until ${formatDate(ctx.dueBy)} and has now lapsed.`,
      `Until it is renewed you will not be asked to make visits that require it, and democratic services will review any panel seat that requires it (you need it as ${ctx.because}).`,
      'Please book the next session with democratic services. If you have already renewed it, tell us with the button below.',
    ],
    actions: [{ label: 'I have completed it', url: ctx.confirmLink }],
  };
}
