import { addDays, addMonths, formatDate, fromDbDate, localDateOf } from '../../domain/calendar';
import { memberDisplayName } from '../../domain/people';
import { renderEmail } from '../../email/layout';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** Authored reports: reminding their owner, and escalating when one is late. */
export function createReportOwnerActivities({ db, outbox, alertOfficers, publicBaseUrl, linkSecret }: DutyActivityDependencies) {
  async function authoredReport(reportId: string) {
    const report = await db.report.findUniqueOrThrow({
      where: { id: reportId },
      include: { meeting: true, duty: { include: { council: true, panel: { include: { chair: true } } } } },
    });
    const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
    return { report, duty: report.duty, period, dueOn: fromDbDate(report.dueOn!) };
  }

  return {
    /** Reminds the owner of an authored report, with the link to submit it. */
    async remindReportOwner(input: { reportId: string; daysBefore: number }): Promise<{ submitted: boolean }> {
      const { report, duty, period, dueOn } = await authoredReport(input.reportId);
      if (report.status !== 'DUE') return { submitted: true };
      if (!duty.ownerEmail) return { submitted: false };
      const link = signedLinkUrl(
        { publicBaseUrl, linkSecret },
        'r',
        // Report links are held by the duty's owner, who need not be a member.
        { purpose: 'report', councilId: duty.councilId, subjectId: report.id, memberId: duty.id },
        // Usable until the day before six months after the due date.
        addDays(addMonths(dueOn, 6), -1),
        duty.council.timeZone,
      );
      await outbox.send({
        councilId: duty.councilId,
        idempotencyKey: `report:${report.id}:remind:${input.daysBefore}wd`,
        kind: 'report.owner-reminder',
        to: { address: duty.ownerEmail, name: duty.ownerName },
        email: renderEmail(
          {
            subject: `${duty.title} is due on ${formatDate(dueOn)}`,
            preview: `For the ${duty.panel.name}: ${period}.`,
            greeting: `Dear ${duty.ownerName ?? 'colleague'},`,
            paragraphs: [
              `Your report "${duty.title}" for the ${duty.panel.name} covers ${period}. It is due on ${formatDate(dueOn)}${report.meeting ? `, ${duty.dueWorkingDaysBeforeMeeting} working days before the meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}` : ''}.`,
              'Upload the report or give a link to it with the button below. It is sent to the panel as soon as it is in.',
            ],
            actions: [{ label: 'Submit the report', url: link }],
            footnote: 'This button is personal to you. Please do not forward this email.',
          },
          { signOff: `Democratic Services, ${duty.council.name}` },
        ),
      });
      return { submitted: false };
    },

    /** The morning after an authored report was due: the panel chair, the clerk and democratic services are told. */
    async escalateLateReport(reportId: string): Promise<{ submitted: boolean }> {
      const { report, duty, period, dueOn } = await authoredReport(reportId);
      if (report.status !== 'DUE') return { submitted: true };
      const alsoTo: Array<{ address: string; name?: string | null }> = [];
      if (duty.panel.clerkEmail) alsoTo.push({ address: duty.panel.clerkEmail, name: duty.panel.clerkName });
      if (duty.panel.chair && !duty.panel.chair.leftOn)
        alsoTo.push({ address: duty.panel.chair.email, name: memberDisplayName(duty.panel.chair) });
      if (duty.ownerEmail) alsoTo.push({ address: duty.ownerEmail, name: duty.ownerName });
      await alertOfficers({
        councilId: duty.councilId,
        key: `report:${report.id}:late`,
        alsoTo,
        alert: {
          subject: `Late: ${duty.title} for the ${duty.panel.name}`,
          preview: `It was due on ${formatDate(dueOn)} and has not been submitted.`,
          paragraphs: [
            `"${duty.title}" (${period}) was due on ${formatDate(dueOn)} from ${duty.ownerName ?? 'its owner'} and has not been submitted.`,
            report.meeting
              ? `It is for the meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}. Please agree with the owner when it will come, or whether to defer it.`
              : 'Please agree with the owner when it will come.',
          ],
        },
      });
      return { submitted: false };
    },
  };
}
