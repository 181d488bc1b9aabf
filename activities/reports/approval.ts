import { formatDate, fromDbDate, localDateOf, type IsoDate } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { reportReminders, type ReportReminder } from '../../domain/reports/reminders';
import { isBankHoliday } from '../../domain/working-days';
import { renderEmail } from '../../email/layout';
import type { DutyActivityDependencies } from '../dependencies';

/** A report an officer must approve before the panel gets it: when it is due, and the days the officers are reminded. */
export interface ApprovalPlan {
  dueOn: IsoDate;
  reminders: ReportReminder[];
  zone: string;
}

type Recipient = { address: string; name?: string | null };

/** Reports of duties marked "review before circulation": asking democratic services to approve one, reminding, escalating. */
export function createReportApprovalActivities({ db, outbox, publicBaseUrl, clock }: DutyActivityDependencies) {
  async function reportToApprove(reportId: string) {
    const report = await db.report.findUniqueOrThrow({
      where: { id: reportId },
      include: { duty: { include: { council: true, panel: { include: { chair: true } } } } },
    });
    const { duty } = report;
    const dueOn = report.dueOn ? fromDbDate(report.dueOn) : localDateOf(clock(), duty.council.timeZone);
    const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
    return { report, duty, dueOn, period, approved: report.approvedAt !== null };
  }

  type ToApprove = Awaited<ReturnType<typeof reportToApprove>>;

  /** One email to each recipient, once (the key names the step), with a button to the report's page where it is approved. */
  async function tell(toApprove: ToApprove, step: string, recipients: Recipient[], subject: string, paragraphs: string[]) {
    const { report, duty } = toApprove;
    const email = renderEmail(
      {
        subject,
        preview: `For the ${duty.panel.name}: ${toApprove.period}.`,
        greeting: 'Hello,',
        paragraphs,
        facts: [
          ['Report', duty.title],
          ['Period', toApprove.period],
          ['Due to the panel', formatDate(toApprove.dueOn)],
        ],
        actions: [{ label: 'Read and approve the report', url: `${publicBaseUrl}/reports/${report.id}` }],
        footnote: 'The button opens the officer pages; sign in to approve the report.',
      },
      { signOff: `Corporate Parenting Engine, ${duty.council.name}` },
    );
    const unique = recipients.filter((recipient, index) => recipients.findIndex((other) => other.address === recipient.address) === index);
    for (const to of unique)
      await outbox.send({
        councilId: report.councilId,
        idempotencyKey: `report:${report.id}:approval:${step}:to:${to.address}`,
        kind: 'report.approval',
        to,
        email,
      });
  }

  const democraticServices = (toApprove: ToApprove): Recipient => ({
    address: toApprove.duty.council.alertsEmail,
    name: 'Democratic Services',
  });

  return {
    /**
     * When the report's duty asks for review before circulation and nobody has
     * approved it yet: marks it awaiting approval, asks democratic services to
     * approve it, and returns the plan to remind them; otherwise null.
     */
    async requestReportApproval(reportId: string): Promise<ApprovalPlan | null> {
      const toApprove = await reportToApprove(reportId);
      const { report, duty, dueOn } = toApprove;
      if (!duty.reviewBeforeCirculation || toApprove.approved || report.status === 'CIRCULATED') return null;
      await db.report.updateMany({ where: { id: report.id, status: 'SUBMITTED' }, data: { status: 'AWAITING_APPROVAL' } });
      await tell(toApprove, 'requested', [democraticServices(toApprove)], `To approve: ${duty.title}`, [
        `"${duty.title}" for the ${duty.panel.name} (${toApprove.period}) is ready. It goes to the panel once an officer has read and approved it, with a commentary if you add one.`,
        `It is due to the panel on ${formatDate(dueOn)}.`,
      ]);
      return { dueOn, reminders: reportReminders(dueOn, duty.reminderDays, isBankHoliday), zone: duty.council.timeZone };
    },

    /** Reminds democratic services of a report still waiting for approval, the planned working days before it is due. */
    async remindReportApprover(input: { reportId: string; daysBefore: number }): Promise<{ approved: boolean }> {
      const toApprove = await reportToApprove(input.reportId);
      if (toApprove.approved) return { approved: true };
      const { duty, dueOn } = toApprove;
      await tell(toApprove, `remind-${input.daysBefore}wd`, [democraticServices(toApprove)], `Reminder, to approve: ${duty.title}`, [
        `"${duty.title}" for the ${duty.panel.name} is still waiting for an officer to approve it. It is due to the panel on ${formatDate(dueOn)}.`,
      ]);
      return { approved: false };
    },

    /** The morning after the due date: democratic services, the panel's clerk and its chair are told the report is held back. */
    async escalateUnapprovedReport(reportId: string): Promise<{ approved: boolean }> {
      const toApprove = await reportToApprove(reportId);
      if (toApprove.approved) return { approved: true };
      const { duty, dueOn } = toApprove;
      const recipients: Recipient[] = [democraticServices(toApprove)];
      if (duty.panel.clerkEmail) recipients.push({ address: duty.panel.clerkEmail, name: duty.panel.clerkName });
      if (duty.panel.chair && !duty.panel.chair.leftOn)
        recipients.push({ address: duty.panel.chair.email, name: memberDisplayName(duty.panel.chair) });
      await tell(toApprove, 'escalate', recipients, `Not yet approved: ${duty.title} for the ${duty.panel.name}`, [
        `"${duty.title}" (${toApprove.period}) was due to the panel on ${formatDate(dueOn)} and is held back: no officer has approved it yet.`,
        'An officer can approve it, with a commentary if needed, on its page; it goes to the panel at once.',
      ]);
      return { approved: false };
    },

    /** Whether an officer has approved the report, for a workflow that may have missed the signal. */
    async reportApprovalState(reportId: string): Promise<{ approved: boolean }> {
      const report = await db.report.findUniqueOrThrow({ where: { id: reportId }, select: { approvedAt: true } });
      return { approved: report.approvedAt !== null };
    },
  };
}
