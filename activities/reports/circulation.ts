import { formatDate, fromDbDate, localDateOf } from '../../domain/calendar';
import { renderEmail } from '../../email/layout';
import { commentaryParagraphs, commentaryPdf, withCommentaryHtml, type ReportCommentary } from '../../render/report-commentary';
import type { DutyActivityDependencies } from '../dependencies';

/** Sending a finished report to its panel. */
export function createReportCirculationActivities({ db, outbox, clock }: DutyActivityDependencies) {
  return {
    /**
     * Emails the report to the panel's distribution list (HTML body, PDF and CSV attached), once per person;
     * an approving officer's commentary comes first in the email and as a PDF of its own.
     */
    async circulateReport(reportId: string): Promise<{ sent: number; failed: number }> {
      const report = await db.report.findUniqueOrThrow({
        where: { id: reportId },
        include: {
          duty: { include: { council: true, panel: { include: { distribution: { orderBy: { email: 'asc' } } } } } },
          meeting: true,
        },
      });
      const { duty } = report;
      const period = `${formatDate(fromDbDate(report.periodStart))} to ${formatDate(fromDbDate(report.periodEnd))}`;
      const fileStem = `${duty.key}-${fromDbDate(report.periodStart)}-v${report.version}`;
      const recipients = [
        ...duty.panel.distribution.map((entry) => ({ name: entry.name, email: entry.email })),
        ...duty.extraRecipients.map((email) => ({ name: email, email })),
      ].filter((recipient, index, all) => all.findIndex((other) => other.email === recipient.email) === index);
      const commentary: ReportCommentary | null = report.commentary
        ? { text: report.commentary, approvedBy: report.approvedBy ?? 'an officer' }
        : null;
      const heading = {
        title: duty.title,
        councilName: duty.council.name,
        period: { label: 'Period covered', start: fromDbDate(report.periodStart), end: fromDbDate(report.periodEnd) },
      };
      const files = [
        ...(commentary
          ? [{ filename: `${fileStem}-commentary.pdf`, contentType: 'application/pdf', content: await commentaryPdf(heading, commentary) }]
          : []),
        ...(report.pdf ? [{ filename: `${fileStem}.pdf`, contentType: 'application/pdf', content: Buffer.from(report.pdf) }] : []),
        ...(report.csv ? [{ filename: `${fileStem}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(report.csv) }] : []),
        ...(report.file
          ? [
              {
                filename: report.fileName ?? `${fileStem}`,
                contentType: report.fileType ?? 'application/octet-stream',
                content: Buffer.from(report.file),
              },
            ]
          : []),
      ];
      let sent = 0;
      let failed = 0;
      for (const recipient of recipients) {
        const cover = renderEmail(
          {
            subject: `${duty.title}: ${period}`,
            preview: `For the ${duty.panel.name}${report.meeting ? ` meeting on ${formatDate(localDateOf(report.meeting.startsAt, duty.council.timeZone))}` : ''}.`,
            greeting: `Dear ${recipient.name},`,
            paragraphs: [
              report.html
                ? 'The report follows. It is attached as a PDF for printing and as a CSV for analysis.'
                : `${duty.ownerName ? `${duty.ownerName} has submitted the report` : 'The report has been submitted'}${report.file ? '; it is attached' : ''}.`,
              ...(commentary ? commentaryParagraphs(commentary) : []),
            ],
            actions: report.link ? [{ label: 'Read the report', url: report.link }] : [],
            footnote: `You receive this because you are on the ${duty.panel.name} distribution list.`,
          },
          { signOff: `Democratic Services, ${duty.council.name}` },
        );
        const result = await outbox.send({
          councilId: report.councilId,
          idempotencyKey: `report:${report.id}:to:${recipient.email}`,
          kind: 'report.circulation',
          to: { address: recipient.email, name: recipient.name },
          // A generated report is itself the body: most readers never open attachments on a phone.
          email: report.html
            ? { subject: cover.subject, text: cover.text, html: commentary ? withCommentaryHtml(report.html, commentary) : report.html }
            : cover,
          files,
        });
        if (result.status === 'FAILED') failed += 1;
        else sent += 1;
      }
      await db.report.update({ where: { id: report.id }, data: { status: 'CIRCULATED', circulatedAt: clock() } });
      return { sent, failed };
    },
  };
}
