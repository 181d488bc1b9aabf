import { formatDate, type IsoDate } from '../../domain/calendar';
import { durationText, type FollowUpFigures } from '../../domain/reports/follow-up';
import { type CsvRow } from '../csv';
import { type ReportTable } from '../report-table';

// The follow-up of findings, alike in every report that gives it: the visit summary and the compliance overview.

/** Each figure's label, and its value in words. */
const FIGURES: Array<[string, (figures: FollowUpFigures) => string]> = [
  ['Actions raised', (figures) => String(figures.actionsRaised)],
  ['Actions resolved', (figures) => String(figures.actionsResolved)],
  ['Actions overdue at the period’s end', (figures) => String(figures.actionsOverdue)],
  ['Median time to resolve an action', (figures) => durationText(figures.medianDaysToResolve, 'day')],
  ['Urgent concerns raised', (figures) => String(figures.urgentRaised)],
  ['Urgent concerns acknowledged', (figures) => String(figures.urgentAcknowledged)],
  ['Median time to acknowledge', (figures) => durationText(figures.medianHoursToAcknowledge, 'hour')],
  ['Slowest acknowledgement', (figures) => durationText(figures.slowestHoursToAcknowledge, 'hour')],
  ['Visit reports not yet final', (figures) => String(figures.reportsNotFinal)],
];

/** A column of figures under its heading: the period's, or one duty's. */
export interface FollowUpColumn {
  header: string;
  figures: FollowUpFigures;
}

/** The figures as a table, a row for each figure and a column for each set. */
export function followUpTable(periodLabel: string, periodEnd: IsoDate, columns: FollowUpColumn[]): ReportTable {
  return {
    heading: 'Follow-up of findings',
    caption:
      `Actions on issues and recommendations, and urgent concerns, in ${periodLabel}; overdue means past its due date and open on ` +
      `${formatDate(periodEnd)}. Findings count once the visit report is final.`,
    headers: ['Follow-up', ...columns.map((column) => column.header)],
    rows: FIGURES.map(([label, value]) => [label, ...columns.map((column) => value(column.figures))]),
    whenEmpty: 'None in this period.',
    align: 'right',
  };
}

/** The CSV columns followUpColumns fills: counts, and times as decimals (empty where nothing was measured). */
export const FOLLOW_UP_COLUMNS = [
  'actions_raised',
  'actions_resolved',
  'actions_overdue',
  'median_days_to_resolve',
  'urgent_concerns',
  'urgent_acknowledged',
  'median_hours_to_acknowledge',
  'slowest_hours_to_acknowledge',
  'reports_not_final',
] as const;

export const followUpColumns = (figures: FollowUpFigures): CsvRow<typeof FOLLOW_UP_COLUMNS> => ({
  actions_raised: figures.actionsRaised,
  actions_resolved: figures.actionsResolved,
  actions_overdue: figures.actionsOverdue,
  median_days_to_resolve: figures.medianDaysToResolve,
  urgent_concerns: figures.urgentRaised,
  urgent_acknowledged: figures.urgentAcknowledged,
  median_hours_to_acknowledge: figures.medianHoursToAcknowledge,
  slowest_hours_to_acknowledge: figures.slowestHoursToAcknowledge,
  reports_not_final: figures.reportsNotFinal,
});
