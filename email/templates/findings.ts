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
