import type { IsoDate } from '../calendar';
import { barsOf, type BarChart } from './chart';
import { rateOf } from './figures';
import { followUpChart, type FollowUpFigures } from './follow-up';

export const ISSUE_CATEGORIES = ['SAFEGUARDING', 'CARE_QUALITY', 'PREMISES', 'STAFFING', 'EDUCATION', 'HEALTH', 'OTHER'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];
export const ISSUE_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

export const SEVERITY_LABELS: Record<IssueSeverity, string> = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' };

export const CATEGORY_LABELS: Record<IssueCategory, string> = {
  SAFEGUARDING: 'Safeguarding',
  CARE_QUALITY: 'Care quality',
  PREMISES: 'Premises',
  STAFFING: 'Staffing',
  EDUCATION: 'Education',
  HEALTH: 'Health',
  OTHER: 'Other',
};

/** One visit as the summary sees it: what was due, who was asked, what was found. */
export interface SummaryVisitInput {
  establishmentId: string;
  establishmentName: string;
  periodStart: IsoDate;
  status: 'UNALLOCATED' | 'ALLOCATED' | 'REPORTED' | 'MISSED' | 'CANCELLED';
  /** Members allocated (accepted or invited when the period closed). */
  visitors: Array<{ memberId: string; name: string }>;
  report: {
    visitedOn: IsoDate;
    /** Present only when the visitor allowed it to be quoted. */
    quotableSummary: string | null;
  } | null;
  issues: Array<{ category: IssueCategory; severity: IssueSeverity; resolvedOn: IsoDate | null }>;
}

export interface VisitCounts {
  due: number;
  completed: number;
  missed: number;
  /** Periods nobody could be allocated to. */
  unallocated: number;
  /** completed / due, 0 to 1; null when nothing was due. */
  completionRate: number | null;
}

export interface EstablishmentLine extends VisitCounts {
  establishmentId: string;
  name: string;
  openIssues: number;
  resolvedIssues: number;
  /** The same establishment's completion rate in the previous period. */
  previousCompletionRate: number | null;
}

export interface MemberLine {
  memberId: string;
  name: string;
  allocated: number;
  completed: number;
  missed: number;
}

export interface IssueCategoryLine {
  category: IssueCategory;
  label: string;
  bySeverity: Record<IssueSeverity, number>;
  open: number;
  resolved: number;
}

/**
 * The report the CYP Scrutiny Panel receives: visits completed and problems
 * identified, per home and per member, against the previous period. Free text
 * appears only where the visitor marked it quotable.
 */
export interface VisitSummary {
  title: string;
  councilName: string;
  /** "Q3 2026/27" or "First half of 2026/27" */
  periodLabel: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  previousPeriodLabel: string;
  totals: VisitCounts;
  previousTotals: VisitCounts;
  establishments: EstablishmentLine[];
  members: MemberLine[];
  issues: IssueCategoryLine[];
  /** Issues of each severity, open at the end of the period, across every category. */
  openBySeverity: Record<IssueSeverity, number>;
  quotes: Array<{ establishmentName: string; visitedOn: IsoDate; text: string }>;
  /** Completion rate per establishment, for the chart; every bar set against the previous period. */
  chart: BarChart;
  /** Actions raised, resolved and overdue, and urgent concerns, in the period. */
  followUp: FollowUpFigures;
  /** Actions resolved on time and urgent concerns acknowledged promptly. */
  followUpChart: BarChart;
}

/** Due, completed, missed and unallocated visits of a set, ignoring cancelled periods. */
export function summariseVisitCounts(visits: SummaryVisitInput[]): VisitCounts {
  const due = visits.filter((visit) => visit.status !== 'CANCELLED');
  const completed = due.filter((visit) => visit.status === 'REPORTED').length;
  return {
    due: due.length,
    completed,
    missed: due.filter((visit) => visit.status === 'MISSED').length,
    unallocated: due.filter((visit) => visit.status === 'UNALLOCATED').length,
    completionRate: rateOf(completed, due.length),
  };
}

const bySeverity = (): Record<IssueSeverity, number> => ({ LOW: 0, MEDIUM: 0, HIGH: 0 });

/** An issue raised at an earlier visit that was still open when the period began. */
export interface EarlierIssueInput {
  establishmentId: string;
  category: IssueCategory;
  severity: IssueSeverity;
  resolvedOn: IsoDate | null;
}

/**
 * Aggregates the visits of one reporting period (and the one before) into the
 * panel's summary. Counts by severity are of issues raised in the period; open
 * and resolved also follow issues carried over from earlier visits, so the
 * panel sees every problem still open at the period's end.
 */
export function summariseVisits(input: {
  title: string;
  councilName: string;
  period: { label: string; start: IsoDate; end: IsoDate };
  previousPeriodLabel: string;
  visits: SummaryVisitInput[];
  previousVisits: SummaryVisitInput[];
  earlierIssues?: EarlierIssueInput[];
  followUp: FollowUpFigures;
}): VisitSummary {
  const { visits, previousVisits, period } = input;
  const resolvedByEnd = (issue: { resolvedOn: IsoDate | null }) => issue.resolvedOn !== null && issue.resolvedOn <= period.end;
  const raised: EarlierIssueInput[] = visits
    .filter((visit) => visit.status !== 'CANCELLED')
    .flatMap((visit) => visit.issues.map((issue) => ({ ...issue, establishmentId: visit.establishmentId })));
  const tracked = [...raised, ...(input.earlierIssues ?? [])];

  const establishmentIds = [...new Set(visits.map((visit) => visit.establishmentId))];
  const establishments = establishmentIds
    .map((id) => {
      const mine = visits.filter((visit) => visit.establishmentId === id);
      const issues = tracked.filter((issue) => issue.establishmentId === id);
      return {
        establishmentId: id,
        name: mine[0]!.establishmentName,
        ...summariseVisitCounts(mine),
        openIssues: issues.filter((issue) => !resolvedByEnd(issue)).length,
        resolvedIssues: issues.filter(resolvedByEnd).length,
        previousCompletionRate: summariseVisitCounts(previousVisits.filter((visit) => visit.establishmentId === id)).completionRate,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const memberLines = new Map<string, MemberLine>();
  for (const visit of visits.filter((candidate) => candidate.status !== 'CANCELLED')) {
    for (const visitor of visit.visitors) {
      const line = memberLines.get(visitor.memberId) ?? {
        memberId: visitor.memberId,
        name: visitor.name,
        allocated: 0,
        completed: 0,
        missed: 0,
      };
      line.allocated += 1;
      if (visit.status === 'REPORTED') line.completed += 1;
      if (visit.status === 'MISSED') line.missed += 1;
      memberLines.set(visitor.memberId, line);
    }
  }

  const issues = ISSUE_CATEGORIES.map((category) => {
    const line: IssueCategoryLine = { category, label: CATEGORY_LABELS[category], bySeverity: bySeverity(), open: 0, resolved: 0 };
    raised.filter((issue) => issue.category === category).forEach((issue) => (line.bySeverity[issue.severity] += 1));
    for (const issue of tracked.filter((candidate) => candidate.category === category)) {
      if (resolvedByEnd(issue)) line.resolved += 1;
      else line.open += 1;
    }
    return line;
  });
  const openBySeverity = bySeverity();
  tracked.filter((issue) => !resolvedByEnd(issue)).forEach((issue) => (openBySeverity[issue.severity] += 1));

  const quotes = visits
    .filter((visit) => visit.report?.quotableSummary)
    .map((visit) => ({
      establishmentName: visit.establishmentName,
      visitedOn: visit.report!.visitedOn,
      text: visit.report!.quotableSummary!,
    }))
    .sort((a, b) => a.visitedOn.localeCompare(b.visitedOn));

  return {
    title: input.title,
    councilName: input.councilName,
    periodLabel: period.label,
    periodStart: period.start,
    periodEnd: period.end,
    previousPeriodLabel: input.previousPeriodLabel,
    totals: summariseVisitCounts(visits),
    previousTotals: summariseVisitCounts(previousVisits),
    establishments,
    members: [...memberLines.values()].sort((a, b) => a.name.localeCompare(b.name)),
    issues,
    openBySeverity,
    quotes,
    chart: {
      title: `Visits completed, ${period.label} (previous period in brackets)`,
      // A home with nothing due has no rate, so no bar; a 0% bar would read as "every visit missed".
      bars: barsOf(
        establishments.map((line) => ({ label: line.name, rate: line.completionRate, previousRate: line.previousCompletionRate })),
      ),
      comparesEveryBar: true,
    },
    followUp: input.followUp,
    followUpChart: followUpChart(period.label, input.followUp),
  };
}
