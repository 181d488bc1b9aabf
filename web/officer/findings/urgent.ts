import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime } from '../../../domain/calendar';
import { SEVERITY_LABELS } from '../../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { acknowledgeUrgentConcern, type UrgentConcern } from '../../../services/findings/urgent';
import type { OfficerVisit } from '../../../services/visits/visits';
import { formFields } from '../forms';
import { csrfField, officerView, type OfficerView } from '../page';

/** The button that acknowledges a report's urgent concern; `back` says which page to return to. */
function acknowledgeForm(view: OfficerView, reportId: string, options: { back: 'attention' | 'visit'; where: string }): SafeHtml {
  if (view.officer.actor.role === 'READ_ONLY') return html``;
  return html`<form method="post" action="/urgent-concerns/${reportId}/acknowledge">
    ${csrfField(view)}
    <input type="hidden" name="back" value="${options.back}" />
    <button type="submit" class="button secondary">
      Acknowledge<span class="visually-hidden"> the urgent concern at ${options.where}</span>
    </button>
  </form>`;
}

/** One unacknowledged urgent concern on "Needs attention": the home, the visit day, what makes it urgent, and the button. */
export function urgentConcernItem(view: OfficerView, concern: UrgentConcern): SafeHtml {
  return html`<a href="/visits/${concern.visitId}">${concern.establishment}: visited ${formatDate(concern.visitedOn)}</a>
    <ul>
      ${concern.issues.map((issue) => html`<li>${issue.category} (${SEVERITY_LABELS[issue.severity]}): ${issue.description}</li>`)}
    </ul>
    <p class="hint">
      Alerted ${formatDateTime(concern.raisedAt)} to democratic services, the home’s manager and the lead member. Read the report, act, then
      acknowledge it.
    </p>
    ${acknowledgeForm(view, concern.reportId, { back: 'attention', where: concern.establishment })}`;
}

/** The report's urgent concern on its visit page: when it was raised, and who acknowledged it (or the button). */
export function urgentConcernOnVisit(view: OfficerView, visit: OfficerVisit): SafeHtml {
  const concern = visit.report?.urgentConcern;
  if (!visit.report || !concern) return html``;
  const when = (instant: Date) => formatDateTime(instant, visit.timeZone);
  return html`<section aria-labelledby="urgent-concern">
    <h3 id="urgent-concern">Urgent concern</h3>
    <ul class="attention">
      <li>
        <p>Alerted ${when(concern.raisedAt)} to democratic services, the home’s manager and the lead member.</p>
        ${
          concern.acknowledgedAt
            ? html`<p>Acknowledged ${when(concern.acknowledgedAt)}${concern.acknowledgedBy ? ` by ${concern.acknowledgedBy}` : ''}.</p>`
            : html`<p><span class="tag warning">Not yet acknowledged</span></p>
                ${acknowledgeForm(view, visit.report.id, { back: 'visit', where: visit.establishment.name })}`
        }
      </li>
    </ul>
  </section>`;
}

/** POST: an officer acknowledges an urgent concern, from "Needs attention" or the visit's page. */
export async function urgentConcernRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.post<{ Params: { reportId: string } }>('/urgent-concerns/:reportId/acknowledge', async (request, reply) => {
    const { actor } = officerView(request, reply).officer;
    const { visitId } = await acknowledgeUrgentConcern(deps, actor, request.params.reportId);
    return reply.redirect(formFields(request.body).back === 'visit' ? `/visits/${visitId}?done=acknowledged` : '/?done=acknowledged', 303);
  });
}
