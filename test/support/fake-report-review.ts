import type { FindingActivities } from '../../activities/findings';
import { LONDON, localDateOf, type IsoDate } from '../../domain/calendar';
import { reviewPosition } from '../../domain/findings/review';
import { addWorkingDays, isBankHoliday } from '../../domain/working-days';
import type { VisitReportStage } from '../../prisma/generated/client';

export type ReviewActivities = Pick<
  FindingActivities,
  | 'raiseUrgentConcern'
  | 'reportReviewPosition'
  | 'askVisitor'
  | 'remindReview'
  | 'escalateReview'
  | 'openReportActions'
  | 'sendManagerLink'
  | 'remindManager'
  | 'closeManagerWindow'
>;

/** What the officer, the visitor and the manager do to a report through their use cases. */
export type ReviewChange = 'return' | 'answer' | 'approve' | 'comment';

/**
 * One report's review in memory, behind activities typed from the real
 * factory: its timetable comes from the real domain rules with England's bank
 * holidays, as the real activity works it out, and like the real ones they
 * return IDs, dates and stages, nothing personal. `note` hears each step.
 */
export function fakeReportReview(options: { hasManager: boolean; actionIds?: string[]; note?: (what: string) => void }) {
  const note = options.note ?? (() => undefined);
  const report = { stage: 'AWAITING_REVIEW' as VisitReportStage, approvedAt: null as Date | null, dueOn: null as IsoDate | null };
  const actionIds = options.actionIds ?? [];

  const activities: ReviewActivities = {
    async raiseUrgentConcern() {
      note('urgent concern checked');
      return { raised: true };
    },
    async reportReviewPosition({ since }) {
      return reviewPosition({ ...report, managerCommentDueOn: report.dueOn }, new Date(since), LONDON, isBankHoliday);
    },
    async askVisitor({ round }) {
      note(`visitor asked the question (round ${round})`);
      return { asked: true };
    },
    async remindReview({ round }) {
      note(report.stage === 'RETURNED' ? `visitor reminded (round ${round})` : `officers reminded (round ${round})`);
    },
    async escalateReview({ round }) {
      note(`escalated: ${report.stage} (round ${round})`);
    },
    async openReportActions() {
      note(`actions opened: ${actionIds.length}`);
      return actionIds;
    },
    async sendManagerLink() {
      note(options.hasManager ? `manager sent the link, comments by ${report.dueOn}` : 'officers told: no manager');
      return { sent: options.hasManager };
    },
    async remindManager() {
      note('manager reminded');
    },
    async closeManagerWindow() {
      report.stage = 'FINAL';
      note('window ended: final');
      return { finalised: true };
    },
  };

  /** Writes what the use case writes (the signal it then sends is the caller's). */
  function change(what: ReviewChange, now: Date): void {
    if (what === 'return') report.stage = 'RETURNED';
    if (what === 'answer') report.stage = 'AWAITING_REVIEW';
    if (what === 'comment') report.stage = 'FINAL';
    if (what === 'approve') {
      report.approvedAt = now;
      report.stage = options.hasManager ? 'WITH_MANAGER' : 'FINAL';
      report.dueOn = options.hasManager ? addWorkingDays(localDateOf(now, LONDON), 10) : null;
    }
  }
  return { activities, change };
}
