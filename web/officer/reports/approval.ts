import { html, type SafeHtml } from '../../../render/html';
import { MAX_COMMENTARY_LENGTH } from '../../../services/reports/approval';
import { postForm, textArea, type FormState } from '../forms';
import type { OfficerView } from '../page';

export const APPROVAL_LABELS = { commentary: 'Commentary for the panel (optional)' };

/** The form to approve a report held back for review, with a commentary the panel reads first. */
export function approvalSection(view: OfficerView, report: { id: string; dueOnText: string | null }, approval: FormState): SafeHtml {
  const canApprove = view.officer.actor.role !== 'READ_ONLY';
  return html`<section aria-labelledby="approve">
    <h2 id="approve">Approve it for the panel</h2>
    <p>
      This report waits for an officer to read it before it goes to the
      panel${report.dueOnText ? html`, which expects it by ${report.dueOnText}` : ''}. Read it with the download links above, then approve
      it. It is sent to the panel at once.
    </p>
    ${
      canApprove
        ? postForm(
            view,
            { action: `/reports/${report.id}/approval`, state: approval, labels: APPROVAL_LABELS },
            html`${textArea(approval, {
                name: 'commentary',
                label: APPROVAL_LABELS.commentary,
                hint: `A paragraph or two the panel reads before the report, e.g. context for a figure. Up to ${MAX_COMMENTARY_LENGTH} characters; leave it empty to send the report as it is.`,
                rows: 6,
              })} <button type="submit" class="button">Approve and send to the panel</button>`,
          )
        : html`<p class="hint">Read-only officers cannot approve reports.</p>`
    }
  </section>`;
}
