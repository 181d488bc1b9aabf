import type { FastifyInstance } from 'fastify';

import { formatDate, type IsoDate } from '../../domain/calendar';
import { STATE_LABELS } from '../../domain/training/reports';
import { html, type SafeHtml } from '../../render/html';
import { needsAttention, type NeedsAttention, type VisitNeedingAttention } from '../../services/attention';
import type { ServiceDependencies } from '../../services/context';
import { urgentConcernItem, urgentConcernRoutes } from './findings/urgent';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

const ANSWER_LABELS: Record<string, string> = {
  INVITED: 'no answer yet',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  LAPSED: 'did not answer in time',
};

const period = (start: IsoDate, end: IsoDate) => `${formatDate(start)} to ${formatDate(end)}`;

function visitorsText(visit: VisitNeedingAttention): string {
  if (!visit.visitors.length) return 'Nobody allocated.';
  return `${visit.visitors.map((visitor) => `${visitor.name} (${ANSWER_LABELS[visitor.status] ?? visitor.status.toLowerCase()})`).join(', ')}.`;
}

/** One group of the list: a heading with its count, its items, or a line saying there is nothing. */
function group<T>(options: { id: string; heading: string; items: T[]; none: string; item: (entry: T) => SafeHtml; soon?: boolean }) {
  return html`<section aria-labelledby="${options.id}">
    <h2 id="${options.id}">
      ${options.heading} <span class="tag ${options.items.length ? 'warning' : 'ok'}">${options.items.length}</span>
    </h2>
    ${
      options.items.length
        ? html`<ul class="attention">
            ${options.items.map((entry) => html`<li class="${options.soon ? 'soon' : ''}">${options.item(entry)}</li>`)}
          </ul>`
        : html`<p class="hint">${options.none}</p>`
    }
  </section>`;
}

const visitItem = (action: string) => (visit: VisitNeedingAttention) =>
  html`<a href="/visits/${visit.visitId}">${visit.establishment}: ${period(visit.periodStart, visit.periodEnd)}</a>
    <p class="hint">${visitorsText(visit)} ${action}</p>`;

function attentionBody(view: OfficerView, data: NeedsAttention, notice?: string): SafeHtml {
  const { visits } = data;
  const lapsed = data.training.filter((entry) => entry.state !== 'DUE_SOON');
  const dueSoon = data.training.filter((entry) => entry.state === 'DUE_SOON');
  const trainingItem = (entry: NeedsAttention['training'][number]) =>
    html`<a href="/training/record?member=${entry.reference}&amp;course=${entry.courseKey}">${entry.memberName}: ${entry.courseTitle}</a>
      <p class="hint">
        ${STATE_LABELS[entry.state]}${entry.dueBy ? `, ${entry.state === 'DUE_SOON' ? 'due by' : 'was due by'} ${formatDate(entry.dueBy)}` : ''}.
        ${entry.awaitingVerification ? 'A completion is waiting for you to verify it. ' : ''}Record a completion.
      </p>`;
  return html`<h1>Needs attention</h1>
    <p class="lead">Today is ${formatDate(data.today)}.</p>
    ${notice ? html`<div class="panel" role="status">${notice}</div>` : ''}
    ${group({
      id: 'urgent-concerns',
      heading: 'Urgent concerns to acknowledge',
      items: data.urgentConcerns,
      none: 'No urgent concern from a visit is waiting for an officer.',
      item: (concern) => urgentConcernItem(view, concern),
    })}
    ${group({
      id: 'unallocated',
      heading: 'Visits this period with nobody allocated',
      items: visits.unallocated,
      none: 'Every visit due this period has a visitor.',
      item: visitItem('Allocate a visitor.'),
    })}
    ${group({
      id: 'unanswered',
      heading: 'Visits this period not yet accepted',
      items: visits.unanswered,
      none: 'Every allocated visit this period has been accepted.',
      item: visitItem('Chase the visitor or allocate someone else.'),
      soon: true,
    })}
    ${group({
      id: 'overdue',
      heading: 'Overdue visits: period over, no report',
      items: visits.overdue,
      none: 'No visit is waiting for its report.',
      item: visitItem('Record the report on the visitor’s behalf, or chase it.'),
    })}
    ${group({
      id: 'missed',
      heading: 'Missed visits in the last three months',
      items: visits.missed,
      none: 'No visit was missed in the last three months.',
      item: visitItem('Follow it up with the home and the pool.'),
    })}
    ${group({
      id: 'awaiting-review',
      heading: 'Visit reports awaiting your review',
      items: data.awaitingReview,
      none: 'No visit report is waiting for an officer’s review.',
      item: (report) =>
        html`<a href="/visits/${report.visitId}#review">${report.establishment}: visited ${formatDate(report.visitedOn)}</a>
          <p class="hint">
            ${report.by ? `By ${report.by}. ` : ''}${report.answered ? 'The visitor has answered your question. ' : ''}Approve it, or return
            it with a question.
          </p>`,
    })}
    ${group({
      id: 'recent-reports',
      heading: 'Recent visit reports',
      items: data.recentReports,
      none: 'No visit reports in the last two weeks.',
      item: (report) =>
        html`<a href="/visits/${report.visitId}">${report.establishment}: visited ${formatDate(report.visitedOn)}</a>
          <p class="hint">
            ${report.by ? `By ${report.by}${report.recordedByOfficer ? ', recorded by an officer' : ''}. ` : ''}
            ${report.openIssues ? `${report.openIssues} open issue(s)${report.highSeverity ? `, ${report.highSeverity} of high severity` : ''}.` : 'No open issues.'}
            Read the report.
          </p>`,
      soon: true,
    })}
    ${group({
      id: 'overdue-actions',
      heading: 'Overdue actions from visits',
      items: data.overdueActions,
      none: 'No action from a visit is overdue.',
      item: (action) =>
        html`<a href="/findings/actions/${action.id}">${action.establishment}: ${action.description}</a>
          <p class="hint">Owned by ${action.owner}; was due on ${formatDate(action.dueOn)}. Chase it, change its owner or close it.</p>`,
    })}
    ${group({ id: 'lapsed', heading: 'Lapsed training', items: lapsed, none: 'Nobody’s required training has lapsed.', item: trainingItem })}
    ${group({
      id: 'due-soon',
      heading: 'Training due soon',
      items: dueSoon,
      none: 'No required training is due soon.',
      item: trainingItem,
      soon: true,
    })}
    ${group({
      id: 'pledge',
      heading: 'Members who have not signed the pledge',
      items: data.pledge?.notSigned ?? [],
      none: 'Every serving member has signed this year’s pledge, or it is not yet confirmed.',
      item: (name) => html`<a href="/pledge#not-signed">${name}</a>`,
      soon: true,
    })}
    ${group({
      id: 'late-reports',
      heading: 'Late reports',
      items: data.lateReports,
      none: 'No report to a panel is late.',
      item: (report) =>
        html`<a href="/reports/${report.reportId}">${report.title}</a>
          <p class="hint">
            For the ${report.panel}; was due on ${formatDate(report.dueOn)}${report.owner ? ` from ${report.owner}` : ''}. Chase it, or
            submit it on the owner’s behalf.
          </p>`,
    })}
    ${group({
      id: 'failed-emails',
      heading: 'Emails that could not be delivered',
      items: data.failedEmails,
      none: 'Every email was delivered.',
      item: (email) =>
        html`<a href="/emails#email-${email.id}">${email.toName ?? email.toAddress}: ${email.subject}</a>
          <p class="hint">${email.lastError ?? 'Refused by the mail server.'} Check the address.</p>`,
    })}`;
}

/** The home page: what needs doing today, each item one click from doing it. */
export async function attentionRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/', async (request, reply) => {
    const view = officerView(request, reply);
    const data = await needsAttention(deps, view.officer.actor);
    const notice = request.query.done === 'acknowledged' ? 'The urgent concern has been acknowledged.' : undefined;
    return sendOfficerPage(reply, officerPage(view, 'Needs attention', attentionBody(view, data, notice)));
  });
  await urgentConcernRoutes(app, deps);
}
