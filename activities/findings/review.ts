import { addDays, formatDate, fromDbDate, localDateOf, type IsoDate } from '../../domain/calendar';
import {
  REVIEW_ESCALATION_WORKING_DAYS,
  REVIEW_REMINDER_WORKING_DAYS,
  reviewPosition,
  type ReviewPosition,
  STAGE_LABELS,
} from '../../domain/findings/review';
import { memberDisplayName } from '../../domain/people';
import { VISIT_DUTY } from '../../domain/visits/duty';
import { isBankHoliday } from '../../domain/working-days';
import { renderEmail } from '../../email/layout';
import { managerReviewEmail, reviewQuestionEmail, type ReportEmailContext } from '../../email/templates/findings';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** A returned report's question link works this long, whatever the visit link's own expiry. */
const ANSWER_LINK_DAYS = 30;

export type { ReviewPosition } from '../../domain/findings/review';

/** A visit report's review: the officer's check, the visitor's answer, the manager's factual-accuracy window. */
export function createReviewActivities(deps: DutyActivityDependencies) {
  const { db, outbox, alertOfficers, clock } = deps;
  const loadReport = (reportId: string) =>
    db.visitReport.findUniqueOrThrow({
      where: { id: reportId },
      include: {
        submittedByMember: true,
        visit: { include: { establishment: true, council: true, programme: { include: { pool: { select: { purpose: true } } } } } },
      },
    });
  type LoadedReport = Awaited<ReturnType<typeof loadReport>>;

  const key = (report: LoadedReport, what: string) => `visit-report:${report.id}:${what}`;
  const sender = (report: LoadedReport) => ({ signOff: `Democratic Services, ${report.visit.council.name}` });
  const about = (report: LoadedReport) =>
    `${VISIT_DUTY[report.visit.programme.pool.purpose].name} report on ${report.visit.establishment.name} (visited ${formatDate(fromDbDate(report.visitedOn))})`;

  function emailContext(report: LoadedReport, link: string, linkExpiresOn: IsoDate): ReportEmailContext {
    return {
      dutyName: VISIT_DUTY[report.visit.programme.pool.purpose].name,
      councilName: report.visit.council.name,
      establishmentName: report.visit.establishment.name,
      visitedOn: fromDbDate(report.visitedOn),
      link,
      linkExpiresOn,
    };
  }

  /** Emails the visitor the officer's question, with a fresh link to their visit page; false if they have no link to answer through. */
  async function emailVisitor(report: LoadedReport, round: number, reminder: boolean): Promise<boolean> {
    const member = report.submittedByMember;
    const assignment = member
      ? await db.visitAssignment.findUnique({ where: { visitId_memberId: { visitId: report.visitId, memberId: member.id } } })
      : null;
    if (!member || !assignment) return false;
    const zone = report.visit.council.timeZone;
    const linkExpiresOn = addDays(localDateOf(clock(), zone), ANSWER_LINK_DAYS);
    const claims = { purpose: 'visit' as const, councilId: report.councilId, subjectId: assignment.id, memberId: member.id };
    const ctx = {
      ...emailContext(report, signedLinkUrl(deps, 'm', claims, linkExpiresOn, zone), linkExpiresOn),
      memberName: memberDisplayName(member),
    };
    await outbox.send({
      councilId: report.councilId,
      idempotencyKey: key(report, `question:${round}:${reminder ? 'reminder' : 'asked'}`),
      kind: 'visit-report.question',
      to: { address: member.email, name: ctx.memberName },
      email: renderEmail(reviewQuestionEmail(ctx, reminder), sender(report)),
    });
    return true;
  }

  /** Emails the manager their link to the report; the link lasts until the window ends. */
  async function emailManager(report: LoadedReport, reminder: boolean): Promise<void> {
    const dueOn = fromDbDate(report.managerCommentDueOn!);
    const claims = { purpose: 'manager' as const, councilId: report.councilId, subjectId: report.id, memberId: '' };
    const link = signedLinkUrl(deps, 'h', claims, dueOn, report.visit.council.timeZone);
    const { managerName, managerEmail } = report.visit.establishment;
    await outbox.send({
      councilId: report.councilId,
      idempotencyKey: key(report, `manager:${reminder ? 'reminder' : 'link'}`),
      kind: 'visit-report.manager',
      to: { address: managerEmail!, name: managerName },
      email: renderEmail(managerReviewEmail({ ...emailContext(report, link, dueOn), managerName, dueOn }, reminder), sender(report)),
    });
  }

  return {
    async reportReviewPosition(input: { reportId: string; since: string }): Promise<ReviewPosition> {
      const report = await loadReport(input.reportId);
      return reviewPosition(
        { ...report, managerCommentDueOn: report.managerCommentDueOn && fromDbDate(report.managerCommentDueOn) },
        new Date(input.since),
        report.visit.council.timeZone,
        isBankHoliday,
      );
    },

    /** A returned report: the visitor is sent the question, or the officers told they have no link to answer through. */
    async askVisitor(input: { reportId: string; round: number }): Promise<{ asked: boolean }> {
      const report = await loadReport(input.reportId);
      if (report.stage !== 'RETURNED') return { asked: false };
      if (await emailVisitor(report, input.round, false)) return { asked: true };
      await alertOfficers({
        councilId: report.councilId,
        key: key(report, `question:${input.round}:no-link`),
        alert: {
          subject: `${report.visit.establishment.name}: the visitor cannot be sent your question`,
          preview: 'The report was recorded for someone not asked to make the visit, so they have no visit link.',
          paragraphs: [
            `Your question on the ${about(report)} cannot reach the visitor through a link. Ask them directly, then approve the report.`,
          ],
        },
      });
      return { asked: false };
    },

    /** A report still waiting: the officers are reminded to review it, or the visitor to answer the question. */
    async remindReview(input: { reportId: string; round: number }): Promise<void> {
      const report = await loadReport(input.reportId);
      if (report.stage === 'RETURNED' && (await emailVisitor(report, input.round, true))) return;
      if (report.stage !== 'AWAITING_REVIEW') return;
      await alertOfficers({
        councilId: report.councilId,
        key: key(report, `review:${input.round}:reminder`),
        alert: {
          subject: `Please review: ${report.visit.establishment.name} visit report`,
          preview: `It has waited ${REVIEW_REMINDER_WORKING_DAYS} working days for an officer’s review.`,
          paragraphs: [
            `The ${about(report)} has waited ${REVIEW_REMINDER_WORKING_DAYS} working days for an officer to approve it or return it with a question.`,
            'Nobody else reads it until it is approved. Open the visit to review it.',
          ],
        },
      });
    },

    /** A report stalled on the officer or the visitor: democratic services and the corporate parenting panel's chair and clerk are told. */
    async escalateReview(input: { reportId: string; round: number }): Promise<void> {
      const report = await loadReport(input.reportId);
      if (report.stage !== 'AWAITING_REVIEW' && report.stage !== 'RETURNED') return;
      const panels = await db.panel.findMany({
        where: { councilId: report.councilId, kind: 'CORPORATE_PARENTING' },
        include: { chair: true },
      });
      const alsoTo = panels.flatMap((panel) => [
        ...(panel.clerkEmail ? [{ address: panel.clerkEmail, name: panel.clerkName }] : []),
        ...(panel.chair && !panel.chair.leftOn ? [{ address: panel.chair.email, name: memberDisplayName(panel.chair) }] : []),
      ]);
      const stalled = report.stage === 'RETURNED' ? 'the visitor has not answered the officer’s question' : 'no officer has reviewed it';
      await alertOfficers({
        councilId: report.councilId,
        key: key(report, `review:${input.round}:escalation`),
        alsoTo,
        alert: {
          subject: `Stalled: ${report.visit.establishment.name} visit report`,
          preview: `${REVIEW_ESCALATION_WORKING_DAYS} working days on, ${stalled}.`,
          paragraphs: [
            `${REVIEW_ESCALATION_WORKING_DAYS} working days on, ${stalled}: the ${about(report)} is ${STAGE_LABELS[report.stage].label.toLowerCase()}.`,
            'The home’s manager cannot check it and its actions are not raised until it is approved. Please agree who will settle it.',
          ],
        },
      });
    },

    /** The approved report goes to the home's manager; with no manager on record, the officers are told it went straight to final. */
    async sendManagerLink(reportId: string): Promise<{ sent: boolean }> {
      const report = await loadReport(reportId);
      if (report.stage === 'WITH_MANAGER' && report.visit.establishment.managerEmail) {
        await emailManager(report, false);
        return { sent: true };
      }
      if (report.managerCommentedAt || report.managerCommentDueOn) return { sent: false };
      await alertOfficers({
        councilId: report.councilId,
        key: key(report, 'manager:none'),
        alert: {
          subject: `${report.visit.establishment.name}: no manager to check the visit report`,
          preview: 'The approved report is final without a factual-accuracy check.',
          paragraphs: [
            `${report.visit.establishment.name} has no manager’s email address on record, so the ${about(report)} became final when it was approved, without the manager’s factual-accuracy check.`,
            'Add the manager’s address on the establishment’s page so that later reports and actions reach them.',
          ],
        },
      });
      return { sent: false };
    },

    async remindManager(reportId: string): Promise<void> {
      const report = await loadReport(reportId);
      if (report.stage === 'WITH_MANAGER' && report.visit.establishment.managerEmail) await emailManager(report, true);
    },

    /** The manager's window ended without a comment: the report is final as approved. */
    async closeManagerWindow(reportId: string): Promise<{ finalised: boolean }> {
      const { count } = await db.visitReport.updateMany({
        where: { id: reportId, stage: 'WITH_MANAGER' },
        data: { stage: 'FINAL', finalisedAt: clock() },
      });
      return { finalised: count === 1 };
    },
  };
}
