import { endOfMonth, startOfMonth, toDbDate } from '../../domain/calendar';
import type { IssueCategory, IssueSeverity } from '../../domain/reports/visit-summary';
import { submitVisitReport } from '../../services/visits/visits';
import type { DemoCouncil } from './demo-council';
import { REG44_ANSWERS } from './forms';

/** The day the reports below were visited: the Friday before the demo council's day. */
export const VISITED_ON = '2026-11-20';

/**
 * A report an officer of the demo council records on this month's visit to
 * the next children's home (in key order) that has none yet, for the
 * council's first member, visited on VISITED_ON, with `issues`, answering the
 * regulation 44 questions as REG44_ANSWERS unless `answers` say otherwise.
 */
export async function reportOnCurrentVisit(
  demo: Pick<DemoCouncil, 'db' | 'deps' | 'id'>,
  issues: Array<{ category: IssueCategory; severity: IssueSeverity; description: string }>,
  answers: Partial<typeof REG44_ANSWERS & { spokeWithChildren: boolean }> = {},
) {
  const periodStart = toDbDate(startOfMonth(VISITED_ON));
  const programme = await demo.db.visitProgramme.findFirstOrThrow({
    where: { councilId: demo.id, establishment: { kind: 'CHILDRENS_HOME' }, visits: { none: { periodStart } } },
    include: { establishment: true },
    orderBy: { establishment: { key: 'asc' } },
  });
  const visit = await demo.db.visit.create({
    data: {
      councilId: demo.id,
      programmeId: programme.id,
      establishmentId: programme.establishmentId,
      periodStart,
      periodEnd: toDbDate(endOfMonth(VISITED_ON)),
    },
  });
  const member = await demo.db.member.findFirstOrThrow({ where: { councilId: demo.id, leftOn: null }, orderBy: { reference: 'asc' } });
  const officer = await demo.db.officer.findFirstOrThrow({ where: { councilId: demo.id, role: 'OFFICER' } });
  const { reportId } = await submitVisitReport(
    demo.deps,
    { kind: 'officer', actor: { councilId: demo.id, officerId: officer.id, role: 'OFFICER' }, memberReference: member.reference },
    { visitId: visit.id },
    { visitedOn: VISITED_ON, spokeWithChildren: true, spokeWithStaff: true, ...REG44_ANSWERS, ...answers, issues },
  );
  return { reportId, visitId: visit.id, establishment: programme.establishment };
}
