import { localDateOf, toDbDate } from '../domain/calendar';
import type { Db } from '../db/client';

/** What the engine's own metrics report, across every council: the figures an on-call officer would be paged on. */
export interface EngineFigures {
  /** Emails in the outbox by status: SENT, FAILED (an officer must act) and PENDING (waiting to go). */
  emails: Record<'PENDING' | 'SENT' | 'FAILED', number>;
  /** How long the oldest email still waiting has waited; 0 when none is. A rising figure means the relay or the worker is down. */
  oldestUnsentSeconds: number;
  /** Duties past their date: visits whose period ended unreported, reports due and not yet in. */
  overdue: { visits: number; reports: number };
}

export async function engineFigures(db: Db, now: Date): Promise<EngineFigures> {
  const today = toDbDate(localDateOf(now));
  const [byStatus, oldestUnsent, overdueVisits, overdueReports] = await Promise.all([
    db.notification.groupBy({ by: ['status'], _count: { _all: true } }),
    db.notification.findFirst({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
    db.visit.count({ where: { status: 'ALLOCATED', periodEnd: { lt: today } } }),
    db.report.count({ where: { status: 'DUE', dueOn: { lt: today } } }),
  ]);
  const emails = { PENDING: 0, SENT: 0, FAILED: 0 };
  for (const row of byStatus) emails[row.status] = row._count._all;
  return {
    emails,
    oldestUnsentSeconds: oldestUnsent ? Math.max(0, (now.getTime() - oldestUnsent.createdAt.getTime()) / 1000) : 0,
    overdue: { visits: overdueVisits, reports: overdueReports },
  };
}
