import type { IssueCategory, IssueSeverity } from '../reports/visit-summary';

/** A safeguarding issue of any severity, or any HIGH-severity issue, is an urgent concern: alerted at once. */
export const isUrgentIssue = (issue: { category: IssueCategory; severity: IssueSeverity }): boolean =>
  issue.category === 'SAFEGUARDING' || issue.severity === 'HIGH';
