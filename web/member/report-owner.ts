import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';

import { formatDate, fromDbDate } from '../../domain/calendar';
import { html, type SafeHtml } from '../../render/html';
import { page } from '../../render/page';
import type { ServiceDependencies } from '../../services/context';
import { ConflictError, InputError, type FieldProblem } from '../../services/errors';
import { claimsOfLink } from '../../services/member-links';
import { MAX_REPORT_BYTES, submitAuthoredReport } from '../../services/reports/reports';
import { answerLinkProblems, sendMemberPage } from './pages';
import { errorSummary } from '../pages/layout';

const FIELD_LABELS: Record<string, string> = { file: 'Report', link: 'Link', submittedBy: 'Your name' };

async function reportFor(deps: ServiceDependencies, token: string) {
  const claims = claimsOfLink(deps, token, 'report', {
    expired: 'Ask democratic services for a new link, or send them the report.',
    invalid: 'Please use the button in your most recent reminder, or send the report to democratic services.',
  });
  const report = await deps.db.report.findFirstOrThrow({
    where: { id: claims.subjectId, councilId: claims.councilId, dutyId: claims.memberId },
    include: { duty: { include: { panel: true, council: true } } },
  });
  return { claims, report };
}

function ownerPage(
  report: Awaited<ReturnType<typeof reportFor>>['report'],
  options: { action: string; notice?: string; problems?: FieldProblem[] },
): SafeHtml {
  const { duty } = report;
  const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
  const body =
    report.status === 'DUE'
      ? html`<form method="post" action="${options.action}" enctype="multipart/form-data" novalidate>
          <label for="file">Upload the report (PDF or Word, up to ${MAX_REPORT_BYTES / 1_000_000} MB)</label>
          <input type="file" id="file" name="file" accept=".pdf,.doc,.docx,.odt" />
          <label for="link">Or give a link to it</label>
          <input type="text" id="link" name="link" inputmode="url" placeholder="https://" />
          <label for="submittedBy">Your name</label>
          <input type="text" id="submittedBy" name="submittedBy" autocomplete="name" value="${duty.ownerName ?? ''}" />
          <button type="submit" class="button">Submit the report</button>
        </form>`
      : html`<div class="panel">
          <p>
            This report was
            submitted${report.submittedBy ? html` by ${report.submittedBy}` : ''}${report.submittedAt ? html` on ${formatDate(fromDbDate(report.submittedAt))}` : ''}
            and sent to the panel. Thank you.
          </p>
        </div>`;
  return page(
    duty.title,
    html`<h1>${duty.title}</h1>
      <p class="lead">For the ${duty.panel.name}, ${duty.council.name}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(options.problems ?? [], { id: (field) => field, label: (field) => FIELD_LABELS[field] ?? field })}
      <dl class="facts">
        <dt>Period</dt>
        <dd>${period}</dd>
        ${
          report.dueOn
            ? html`<dt>Due</dt>
                <dd>${formatDate(fromDbDate(report.dueOn))}</dd>`
            : ''
        }
      </dl>
      ${body}`,
  );
}

/**
 * The page behind the link in an authored report's reminders: its owner (an
 * officer or a partner's contact) uploads the report or gives a link, and it
 * is sent to the panel at once.
 */
export async function reportOwnerRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);
  await app.register(multipart, { limits: { fileSize: MAX_REPORT_BYTES, files: 1, fields: 5 } });

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/r/:token', async (request, reply) => {
    const { report } = await reportFor(deps, request.params.token);
    const notice = request.query.done ? 'Thank you: the report is in and is being sent to the panel.' : undefined;
    return sendMemberPage(reply, 200, ownerPage(report, { action: `/r/${request.params.token}`, notice }));
  });

  app.post<{ Params: { token: string } }>('/r/:token', async (request, reply) => {
    const { claims, report } = await reportFor(deps, request.params.token);
    const fields: Record<string, string> = {};
    let file: { name: string; type: string; bytes: Buffer } | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length) file = { name: part.filename, type: part.mimetype, bytes };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    try {
      await submitAuthoredReport(deps, report.id, claims.councilId, {
        link: fields.link?.trim() || undefined,
        file,
        submittedBy: fields.submittedBy?.trim() || report.duty.ownerName || 'the report’s owner',
      });
    } catch (error) {
      if (!(error instanceof InputError) && !(error instanceof ConflictError)) throw error;
      const current = (await reportFor(deps, request.params.token)).report;
      const problems = error instanceof InputError ? error.problems : [];
      return sendMemberPage(
        reply,
        error instanceof InputError ? 400 : 409,
        ownerPage(current, {
          action: `/r/${request.params.token}`,
          problems,
          notice: error instanceof ConflictError ? error.message : undefined,
        }),
      );
    }
    return reply.redirect(`/r/${request.params.token}?done=1`, 303);
  });
}
