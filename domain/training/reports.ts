import type { IsoDate } from '../calendar';
import type { TrainingPosition, TrainingState } from './position';

export type CellState = TrainingState | 'NOT_REQUIRED';

export const STATE_LABELS: Record<CellState, string> = {
  VALID: 'Valid',
  DUE_SOON: 'Due soon',
  LAPSED: 'Lapsed',
  NEVER_DONE: 'Never done',
  NOT_REQUIRED: 'Not required',
};

export interface CourseColumn {
  key: string;
  title: string;
}

/** One member × course: where they stand on the date, and what they did in the period. */
export interface TrainingCell {
  courseKey: string;
  state: CellState;
  lastCompletedOn: IsoDate | null;
  validUntil: IsoDate | null;
  /** Expiry, or the deadline of a course never done. */
  dueBy: IsoDate | null;
  overdue: boolean;
  awaitingVerification: boolean;
  /** Completions in the report's period, oldest first. */
  completedInPeriod: IsoDate[];
}

export interface TrainingRow {
  memberName: string;
  reference: string;
  ward: string | null;
  cells: TrainingCell[];
  /** Every required course valid (or due soon) on the date. */
  compliant: boolean;
}

/**
 * Members × courses on a date: the officers' compliance matrix (on today) and
 * the body of the annual training report to the CYP Scrutiny Panel (on the
 * last day of the municipal year, with each member's completions in it).
 */
export interface TrainingMatrix {
  title: string;
  councilName: string;
  /** The day states are given for. */
  on: IsoDate;
  period: { label: string; start: IsoDate; end: IsoDate };
  courses: CourseColumn[];
  rows: TrainingRow[];
  byCourse: Array<{
    courseKey: string;
    required: number;
    valid: number;
    dueSoon: number;
    lapsed: number;
    neverDone: number;
    completedInPeriod: number;
  }>;
}

/** The publishable attendance list: who attended which published course, and when. Names only: nothing else is published. */
export interface AttendanceList {
  title: string;
  councilName: string;
  period: { label: string; start: IsoDate; end: IsoDate };
  entries: Array<{ memberName: string; courseTitle: string; attendedOn: IsoDate }>;
}

export function cellOf(courseKey: string, position: TrainingPosition, completedInPeriod: IsoDate[]): TrainingCell {
  return {
    courseKey,
    state: position.required ? position.state : 'NOT_REQUIRED',
    lastCompletedOn: position.lastCompletedOn,
    validUntil: position.validUntil,
    dueBy: position.dueBy,
    overdue: position.overdue,
    awaitingVerification: position.awaitingVerification,
    completedInPeriod,
  };
}

/** Totals per course for the matrix's footer and the report's summary table. */
export function courseTotals(courses: readonly CourseColumn[], rows: readonly TrainingRow[]): TrainingMatrix['byCourse'] {
  return courses.map((course) => {
    const cells = rows.map((row) => row.cells.find((cell) => cell.courseKey === course.key)!);
    const count = (state: CellState) => cells.filter((cell) => cell.state === state).length;
    return {
      courseKey: course.key,
      required: cells.filter((cell) => cell.state !== 'NOT_REQUIRED').length,
      valid: count('VALID'),
      dueSoon: count('DUE_SOON'),
      lapsed: count('LAPSED'),
      neverDone: count('NEVER_DONE'),
      completedInPeriod: cells.reduce((sum, cell) => sum + cell.completedInPeriod.length, 0),
    };
  });
}
