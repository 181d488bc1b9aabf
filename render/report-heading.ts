import { formatDate } from '../domain/calendar';
import { type ReportingPeriod } from '../domain/reports/periods';

/** What heads a report, in the email and the PDF alike: its title, the council whose it is and the period it covers. */
export interface ReportHeading {
  title: string;
  councilName: string;
  period: ReportingPeriod;
  /** Lines to go under the council and the period, such as the day positions are given for. */
  more?: string[];
}

/** "Q2 2026/27: Saturday 1 August 2026 to Saturday 31 October 2026" */
export const periodText = (period: ReportingPeriod): string => `${period.label}: ${formatDate(period.start)} to ${formatDate(period.end)}`;

/** The lines under a report's title: whose it is, what it covers, and any more. */
export const headingDetails = (heading: ReportHeading): string[] => [
  heading.councilName,
  periodText(heading.period),
  ...(heading.more ?? []),
];
