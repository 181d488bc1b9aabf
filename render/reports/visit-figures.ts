import { rateText, wholePercent } from '../../domain/reports/figures';
import { type VisitCounts } from '../../domain/reports/visit-summary';
import { type CsvRow } from '../csv';

// A row's visit figures, alike in every report that counts visits: the visit summary and the compliance overview.

/** The headers over the cells visitCells gives. */
export const VISIT_HEADERS = ['Due', 'Completed', 'Missed', 'Not allocated', 'Rate', 'Previous rate'];

/** The counts as table cells, then the completion rate. */
export const visitCountCells = (counts: VisitCounts): string[] => [
  ...[counts.due, counts.completed, counts.missed, counts.unallocated].map(String),
  rateText(counts.completionRate),
];

/** The cells under VISIT_HEADERS: the counts, the completion rate and the previous period's. */
export const visitCells = (counts: VisitCounts, previousRate: number | null): string[] => [
  ...visitCountCells(counts),
  rateText(previousRate),
];

/** The CSV columns visitColumns fills; rates are whole percents, empty where there was nothing to measure. */
export const VISIT_COLUMNS = [
  'due',
  'completed',
  'missed',
  'not_allocated',
  'completion_rate_percent',
  'previous_completion_rate_percent',
] as const;

export const visitColumns = (counts: VisitCounts, previousRate: number | null): CsvRow<typeof VISIT_COLUMNS> => ({
  due: counts.due,
  completed: counts.completed,
  missed: counts.missed,
  not_allocated: counts.unallocated,
  completion_rate_percent: wholePercent(counts.completionRate),
  previous_completion_rate_percent: wholePercent(previousRate),
});
