import type { FastifyInstance } from 'fastify';

import type { ServiceDependencies } from '../../services/context';
import { ConflictError, InputError } from '../../services/errors';
import { answerReviewQuestion, questionForVisitor } from '../../services/findings/review';
import { answerVisit, claimsOfVisitLink, submitVisitReport, visitPageForMember } from '../../services/visits/visits';
import { answerLinkProblems, sendMemberPage } from './pages';
import { formFields } from '../officer/forms';
import { reviewQuestionSection } from './review-question';
import { memberVisitPage, reportFormValues, reportInputFromForm, type ReportFormValues } from './visit-page';

const NOTICES: Record<string, string> = {
  accept: 'Thank you: you have accepted this visit. It is in your calendar; send your report from this page after visiting.',
  decline: 'Thank you for letting us know. The visit will be offered to another member of the pool.',
  answered: 'Thank you: your answer has been sent to the officer reviewing your report.',
};

/**
 * Pages behind the links in members' emails: no sign-in, each link for one
 * member and one visit. GET only shows (mail scanners follow links); every
 * change is a POST, followed by a redirect so a refresh cannot repeat it.
 */
export async function memberRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  answerLinkProblems(app);

  app.get<{ Params: { token: string }; Querystring: { answer?: string; done?: string } }>('/m/:token', async (request, reply) => {
    const claims = claimsOfVisitLink(deps, request.params.token);
    const visit = await visitPageForMember(deps, claims);
    const question = reviewQuestionSection(await questionForVisitor(deps, claims), { action: `/m/${request.params.token}/question` });
    return sendMemberPage(
      reply,
      200,
      memberVisitPage(visit, {
        basePath: `/m/${request.params.token}`,
        preselected: request.query.answer,
        notice: NOTICES[request.query.done ?? ''],
        question,
      }),
    );
  });

  app.post<{ Params: { token: string }; Body: { answer?: string } }>('/m/:token/question', async (request, reply) => {
    const claims = claimsOfVisitLink(deps, request.params.token);
    const { answer } = formFields(request.body);
    try {
      await answerReviewQuestion(deps, claims, { answer });
    } catch (error) {
      // An answer already recorded (a double tap) is shown on the page.
      if (error instanceof ConflictError) return reply.redirect(`/m/${request.params.token}#question`, 303);
      if (!(error instanceof InputError)) throw error;
      const action = `/m/${request.params.token}/question`;
      const question = reviewQuestionSection(await questionForVisitor(deps, claims), { action, answer, problems: error.problems });
      const visit = await visitPageForMember(deps, claims);
      return sendMemberPage(reply, 400, memberVisitPage(visit, { basePath: `/m/${request.params.token}`, question }));
    }
    return reply.redirect(`/m/${request.params.token}?done=answered#question`, 303);
  });

  app.post<{ Params: { token: string }; Body: { answer?: string; reason?: string } }>('/m/:token/answer', async (request, reply) => {
    const claims = claimsOfVisitLink(deps, request.params.token);
    try {
      const { status } = await answerVisit(deps, claims, {
        answer: request.body?.answer as 'accept' | 'decline',
        reason: request.body?.reason,
      });
      return reply.redirect(`/m/${request.params.token}?done=${status === 'ACCEPTED' ? 'accept' : 'decline'}`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const visit = await visitPageForMember(deps, claims);
      const { answer, reason } = formFields(request.body);
      return sendMemberPage(
        reply,
        400,
        memberVisitPage(visit, { basePath: `/m/${request.params.token}`, refusedAnswer: { answer, reason }, problems: error.problems }),
      );
    }
  });

  app.post<{ Params: { token: string }; Body: ReportFormValues }>('/m/:token/report', async (request, reply) => {
    const claims = claimsOfVisitLink(deps, request.params.token);
    const form = reportFormValues(request.body);
    const { input, formPath } = reportInputFromForm(form);
    try {
      await submitVisitReport(deps, { kind: 'member', claims }, { claims }, input);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const visit = await visitPageForMember(deps, claims);
      // A report that arrived meanwhile (another tap, or the other visitor) settles the visit: show it, not these problems.
      if (visit.report) return reply.redirect(`/m/${request.params.token}`, 303);
      const problems = error.problems.map((problem) => ({ ...problem, field: formPath(problem.field) }));
      return sendMemberPage(reply, 400, memberVisitPage(visit, { basePath: `/m/${request.params.token}`, values: form, problems }));
    }
    return reply.redirect(`/m/${request.params.token}`, 303);
  });
}
