import { formatDate, type IsoDate } from '../../domain/calendar';
import { VISIT_DUTY, type VisitDutyKind } from '../../domain/visits/duty';
import type { EmailContent } from '../layout';

/** What every visit email needs to know; names and addresses come from Postgres, never from workflow payloads. */
export interface VisitEmailContext {
  duty: VisitDutyKind;
  councilName: string;
  establishmentName: string;
  establishmentAddress: string | null;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  memberName: string;
  /** The member's personal page for this visit. */
  link: string;
  linkExpiresOn: IsoDate;
}

const window = (ctx: VisitEmailContext) => `${formatDate(ctx.periodStart)} and ${formatDate(ctx.periodEnd)}`;
const facts = (ctx: VisitEmailContext): Array<[string, string]> => [
  [VISIT_DUTY[ctx.duty].place === "children's home" ? 'Home' : 'Office', ctx.establishmentName],
  ...(ctx.establishmentAddress ? ([['Address', ctx.establishmentAddress]] as Array<[string, string]>) : []),
  ['Visit between', window(ctx)],
];
const personalLinkNote = (ctx: VisitEmailContext) =>
  `The buttons in this email are personal to you and work until ${formatDate(ctx.linkExpiresOn)}. Please do not forward it.`;

/** An action from an earlier visit, still open: the visitor follows it up. */
export interface OpenActionToFollowUp {
  description: string;
  dueOn: IsoDate;
}

const followUpParagraphs = (actions: readonly OpenActionToFollowUp[]): string[] =>
  actions.length
    ? [
        `Earlier visits left ${actions.length === 1 ? 'an action' : `${actions.length} actions`} open at this home. Please ask how each is going:`,
        ...actions.map((action) => `• ${action.description} (due ${formatDate(action.dueOn)})`),
      ]
    : [];

export function visitInvitation(
  ctx: VisitEmailContext,
  answerBy: IsoDate,
  openActions: readonly OpenActionToFollowUp[] = [],
): EmailContent {
  const duty = VISIT_DUTY[ctx.duty];
  return {
    subject: `${duty.name} to ${ctx.establishmentName}: please reply by ${formatDate(answerBy)}`,
    preview: `You are asked to visit ${ctx.establishmentName} between ${window(ctx)}.`,
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [
      `You are asked to make the ${duty.name} to ${ctx.establishmentName}, a ${duty.place} run by ${ctx.councilName}, between ${window(ctx)}.`,
      `Please accept or decline by ${formatDate(answerBy)}. If we have not heard from you by then, the visit will be offered to another member of the pool.`,
      ...followUpParagraphs(openActions),
      'After your visit, use the same button to send your report. It takes about five minutes.',
    ],
    facts: facts(ctx),
    actions: [
      { label: 'Accept the visit', url: `${ctx.link}?answer=accept` },
      { label: 'I cannot do this visit', url: `${ctx.link}?answer=decline`, secondary: true },
    ],
    footnote: personalLinkNote(ctx),
  };
}

export function visitReminder(ctx: VisitEmailContext, state: 'INVITED' | 'ACCEPTED', daysLeft: number): EmailContent {
  const duty = VISIT_DUTY[ctx.duty];
  const accepted = state === 'ACCEPTED';
  return {
    subject: `Reminder: ${duty.name} to ${ctx.establishmentName} due by ${formatDate(ctx.periodEnd)}`,
    preview: `${daysLeft} day${daysLeft === 1 ? '' : 's'} left to ${accepted ? 'visit and send your report' : 'reply'}.`,
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: accepted
      ? [
          `Thank you for taking the ${duty.name} to ${ctx.establishmentName}. The visit and your report are due by ${formatDate(ctx.periodEnd)}, ${daysLeft} day${daysLeft === 1 ? '' : 's'} from now.`,
          'If you have already visited, please send your report now.',
        ]
      : [
          `You were asked to make the ${duty.name} to ${ctx.establishmentName} and we have not had your reply.`,
          `The visit is due by ${formatDate(ctx.periodEnd)}. Please accept or decline now so that the home is visited.`,
        ],
    facts: facts(ctx),
    actions: accepted
      ? [{ label: 'Send your visit report', url: ctx.link }]
      : [
          { label: 'Accept the visit', url: `${ctx.link}?answer=accept` },
          { label: 'I cannot do this visit', url: `${ctx.link}?answer=decline`, secondary: true },
        ],
    footnote: personalLinkNote(ctx),
  };
}

export function visitCancellation(
  ctx: Omit<VisitEmailContext, 'link' | 'linkExpiresOn'>,
  because: 'DECLINED' | 'NO_ANSWER' | 'WITHDRAWN',
): EmailContent {
  const duty = VISIT_DUTY[ctx.duty];
  const reason = {
    DECLINED: 'As you let us know you cannot make it, the visit has been offered to another member of the pool.',
    NO_ANSWER: 'We did not receive your reply in time, so the visit has been offered to another member of the pool.',
    WITHDRAWN: 'The visit programme for this establishment has been paused, so this visit will not take place.',
  }[because];
  return {
    subject: `Cancelled: ${duty.name} to ${ctx.establishmentName}`,
    preview: reason,
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [reason, 'The attached cancellation removes the visit from your calendar. You do not need to do anything else.'],
    facts: facts({ ...ctx, link: '', linkExpiresOn: ctx.periodEnd }),
  };
}
