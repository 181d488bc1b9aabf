import { formatDate, type IsoDate } from '../../domain/calendar';
import type { EmailContent } from '../layout';

/** What an email about one visit report needs; names and addresses come from Postgres, never from workflow payloads. */
export interface ReportEmailContext {
  dutyName: string;
  councilName: string;
  establishmentName: string;
  visitedOn: IsoDate;
  /** The reader's page for this report. */
  link: string;
  linkExpiresOn: IsoDate;
}

const facts = (ctx: ReportEmailContext): Array<[string, string]> => [
  ['Home', ctx.establishmentName],
  ['Visited on', formatDate(ctx.visitedOn)],
];
const personalLinkNote = (ctx: ReportEmailContext) =>
  `The button in this email is personal to you and works until ${formatDate(ctx.linkExpiresOn)}. Please do not forward it.`;

/** To the visitor: an officer reading their report has a question. */
export function reviewQuestionEmail(ctx: ReportEmailContext & { memberName: string }, reminder: boolean): EmailContent {
  return {
    subject: `${reminder ? 'Reminder: ' : ''}A question about your ${ctx.dutyName} report on ${ctx.establishmentName}`,
    preview: 'Democratic services need your answer before the report goes to the home’s manager.',
    greeting: `Dear ${ctx.memberName},`,
    paragraphs: [
      `Thank you for your report on your visit to ${ctx.establishmentName} on ${formatDate(ctx.visitedOn)}. An officer checking it before it goes to the home’s manager has a question for you.`,
      reminder
        ? 'We have not yet had your answer. Please read the question and answer it on your visit page.'
        : 'Please read the question and answer it on your visit page.',
    ],
    facts: facts(ctx),
    actions: [{ label: 'Read the question and answer it', url: ctx.link }],
    footnote: personalLinkNote(ctx),
  };
}

/** To the home's manager: the approved report, to check for factual accuracy before it is final. */
export function managerReviewEmail(
  ctx: ReportEmailContext & { managerName: string | null; dueOn: IsoDate },
  reminder: boolean,
): EmailContent {
  return {
    subject: `${reminder ? 'Reminder: ' : ''}${ctx.dutyName} report on ${ctx.establishmentName}: comments by ${formatDate(ctx.dueOn)}`,
    preview: `Please check the report for factual accuracy by ${formatDate(ctx.dueOn)}.`,
    greeting: ctx.managerName ? `Dear ${ctx.managerName},` : 'Dear manager,',
    paragraphs: [
      `The report of the ${ctx.dutyName} to ${ctx.establishmentName} on ${formatDate(ctx.visitedOn)} has been checked by democratic services at ${ctx.councilName}. Before it is final, you may comment on its factual accuracy.`,
      `Please read it, with the actions raised from it, and send any comment by ${formatDate(ctx.dueOn)}. If we have no comment by then, the report becomes final as it is.`,
    ],
    facts: [...facts(ctx), ['Comments by', formatDate(ctx.dueOn)]],
    actions: [{ label: 'Read the report and comment', url: ctx.link }],
    footnote: `${personalLinkNote(ctx)} It records one comment.`,
  };
}
