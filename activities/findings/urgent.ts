import { fromDbDate } from '../../domain/calendar';
import { isUrgentIssue } from '../../domain/findings/urgent';
import { memberDisplayName } from '../../domain/people';
import { renderEmail } from '../../email/layout';
import { urgentConcernAlert } from '../../email/templates/findings';
import type { DutyActivityDependencies } from '../dependencies';

const URGENT_CONCERN_KIND = 'findings.urgent-concern';

interface Recipient {
  address: string;
  name: string | null;
  greeting: string;
  because: string;
}

/** Urgent concerns: a safeguarding or HIGH-severity issue in a visit report. */
export function createUrgentConcernActivities({ db, outbox, publicBaseUrl, clock }: DutyActivityDependencies) {
  const loadReport = (reportId: string) =>
    db.visitReport.findUnique({
      where: { id: reportId },
      include: {
        issues: true,
        visit: { include: { establishment: true, council: true, programme: { include: { pool: { select: { purpose: true } } } } } },
      },
    });
  type LoadedReport = NonNullable<Awaited<ReturnType<typeof loadReport>>>;

  /** Democratic services, the home's manager (when recorded) and each corporate parenting panel's lead member; each address once. */
  async function recipientsOf(report: LoadedReport): Promise<Recipient[]> {
    const { council, establishment } = report.visit;
    const panels = await db.panel.findMany({
      where: { councilId: council.id, kind: 'CORPORATE_PARENTING', leadMember: { leftOn: null } },
      include: { leadMember: true },
      orderBy: { key: 'asc' },
    });
    const recipients: Recipient[] = [
      { address: council.alertsEmail, name: 'Democratic Services', greeting: 'Hello,', because: 'as democratic services' },
      ...(establishment.managerEmail
        ? [
            {
              address: establishment.managerEmail,
              name: establishment.managerName,
              greeting: establishment.managerName ? `Dear ${establishment.managerName},` : 'Hello,',
              because: `as the manager of ${establishment.name}`,
            },
          ]
        : []),
      ...panels.flatMap(({ leadMember, name }) =>
        leadMember
          ? [
              {
                address: leadMember.email,
                name: memberDisplayName(leadMember),
                greeting: `Dear ${memberDisplayName(leadMember)},`,
                because: `as the lead member of the ${name}`,
              },
            ]
          : [],
      ),
    ];
    const key = (address: string) => address.trim().toLowerCase();
    return recipients.filter(
      (recipient, index) => recipients.findIndex((other) => key(other.address) === key(recipient.address)) === index,
    );
  }

  return {
    /**
     * Alerts democratic services, the home's manager and the lead member once, if the report holds an urgent concern.
     * urgentRaisedAt is set the first time only; each recipient's alert has its own idempotency key, so a retried or
     * repeated run sends what an interrupted one did not, and nothing twice.
     */
    async raiseUrgentConcern(reportId: string): Promise<{ raised: boolean }> {
      const report = await loadReport(reportId);
      const urgent = report?.issues.filter(isUrgentIssue) ?? [];
      if (!report || !urgent.length) return { raised: false };
      await db.visitReport.updateMany({ where: { id: report.id, urgentRaisedAt: null }, data: { urgentRaisedAt: clock() } });
      const { visit } = report;
      for (const recipient of await recipientsOf(report)) {
        const content = urgentConcernAlert({
          duty: visit.programme.pool.purpose,
          establishmentName: visit.establishment.name,
          visitedOn: fromDbDate(report.visitedOn),
          issues: urgent,
          otherIssues: report.issues.length - urgent.length,
          visitUrl: `${publicBaseUrl}/visits/${visit.id}`,
          greeting: recipient.greeting,
          because: recipient.because,
        });
        await outbox.send({
          councilId: report.councilId,
          idempotencyKey: `visit-report:${report.id}:urgent-concern:to:${recipient.address.trim().toLowerCase()}`,
          kind: URGENT_CONCERN_KIND,
          to: { address: recipient.address, name: recipient.name },
          replyTo: visit.council.replyToEmail,
          email: renderEmail(content, { signOff: `Democratic Services, ${visit.council.name}` }),
        });
      }
      return { raised: true };
    },
  };
}
