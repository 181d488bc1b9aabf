import { formatDate, type IsoDate } from '../../domain/calendar';
import { CATEGORY_LABELS, SEVERITY_LABELS, type IssueCategory, type IssueSeverity } from '../../domain/reports/visit-summary';
import { VISIT_DUTY, type VisitDutyKind } from '../../domain/visits/duty';
import type { EmailContent } from '../layout';

/** What an urgent-concern alert says; names and addresses come from Postgres, never from workflow payloads. */
export interface UrgentConcernContext {
  duty: VisitDutyKind;
  establishmentName: string;
  visitedOn: IsoDate;
  /** The issues that make it urgent (safeguarding, or HIGH severity). */
  issues: Array<{ category: IssueCategory; severity: IssueSeverity; description: string }>;
  /** Other issues in the same report. */
  otherIssues: number;
  /** The officers' page for the visit, where the report is read and the concern acknowledged. */
  visitUrl: string;
  /** "Dear Jo Bloggs," or "Hello," */
  greeting: string;
  /** Why this reader receives it, e.g. "as the home's registered manager". */
  because: string;
}

/** To democratic services, the home's manager and the lead member for children, within minutes of the report. */
export function urgentConcernAlert(ctx: UrgentConcernContext): EmailContent {
  const duty = VISIT_DUTY[ctx.duty];
  const count = ctx.issues.length;
  return {
    subject: `Urgent concern: ${ctx.establishmentName}, visited ${formatDate(ctx.visitedOn)}`,
    preview: `The ${duty.name} report records ${count === 1 ? 'an issue' : `${count} issues`} needing action now.`,
    greeting: ctx.greeting,
    paragraphs: [
      `The report of the ${duty.name} to ${ctx.establishmentName} on ${formatDate(ctx.visitedOn)} records ${
        count === 1 ? 'a safeguarding or high-severity issue' : `${count} safeguarding or high-severity issues`
      }. Please act on ${count === 1 ? 'it' : 'them'} today.`,
      ...(ctx.otherIssues ? [`The report records ${ctx.otherIssues} other issue(s) as well.`] : []),
      'An officer acknowledges the concern on the visit’s page; until then it stays at the top of their “Needs attention” list.',
    ],
    facts: [
      [VISIT_DUTY[ctx.duty].place === "children's home" ? 'Home' : 'Office', ctx.establishmentName],
      ['Visited on', formatDate(ctx.visitedOn)],
      ...ctx.issues.map((issue, index): [string, string] => [
        `Issue ${index + 1}`,
        `${CATEGORY_LABELS[issue.category]}, ${SEVERITY_LABELS[issue.severity].toLowerCase()} severity: ${issue.description}`,
      ]),
    ],
    actions: [{ label: 'Open the visit report', url: ctx.visitUrl }],
    footnote: `You receive this ${ctx.because}. The link opens the officers’ pages (sign in to read the report). Please do not forward this email.`,
  };
}

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
