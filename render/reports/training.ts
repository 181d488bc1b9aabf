import { formatDate, formatShortDate, type IsoDate } from '../../domain/calendar';
import { STATE_LABELS, type AttendanceList, type TrainingCell, type TrainingMatrix, type TrainingRow } from '../../domain/training/reports';
import { COLOURS } from '../colours';
import { toCsv } from '../csv';
import { html, SafeHtml } from '../html';
import { drawTableSection, reportPdf, rowHeaderShare, STYLES, write } from '../pdf';
import { periodText, type ReportHeading } from '../report-heading';
import { reportEmailDocument, sectionHtml, tableHtml } from '../report-html';
import { type CellLine, type ReportTable } from '../report-table';

// ───────────────────────────── shared wording ─────────────────────────────

/** Who the report is from, what it covers and when it stands. */
const heading = ({ title, councilName, period, on }: TrainingMatrix): ReportHeading => ({
  title,
  councilName,
  period,
  more: [`Positions on ${formatDate(on)}`],
});

const complianceText = (matrix: TrainingMatrix): string =>
  `${matrix.rows.filter((row) => row.compliant).length} of ${matrix.rows.length} members have every required course up to date`;

const NOT_COMPLIANT = 'Not compliant';
const NO_ATTENDANCE = 'No attendance at published courses was recorded in this period.';

/** "Mon 23 Nov 2026" with non-breaking spaces, so a narrow column never splits a date across lines. */
const cellDate = (date: IsoDate): string => formatShortDate(date).replace(/ /g, '\u00a0');

interface TrainingTable extends ReportTable {
  /** The PDF width taken by the column of row headers; the other columns share the rest equally. */
  rowHeaderShare: number;
}

const needsAction = (cell: TrainingCell): boolean => cell.state === 'LAPSED' || cell.state === 'NEVER_DONE';

/** "Lapsed (overdue)", "Valid (awaiting verification)". */
function stateText(cell: TrainingCell): string {
  const notes = [cell.overdue && '(overdue)', cell.awaitingVerification && '(awaiting verification)'].filter(Boolean);
  return [STATE_LABELS[cell.state], ...notes].join(' ');
}

/** The date to know: until when a valid course lasts, or by when a missing one must be done. */
function dateText(cell: TrainingCell): string | null {
  if (needsAction(cell)) return cell.dueBy && `Due by ${cellDate(cell.dueBy)}`;
  if (cell.state === 'NOT_REQUIRED') return null;
  return cell.validUntil ? `Valid until ${cellDate(cell.validUntil)}` : 'Does not expire';
}

function courseCell(cell: TrainingCell | undefined): CellLine[] {
  if (!cell) return [];
  const date = dateText(cell);
  return [
    { text: stateText(cell), emphasis: needsAction(cell) ? 'alert' : 'strong' },
    ...(date ? [{ text: date }] : []),
    ...cell.completedInPeriod.map((completedOn) => ({ text: `Completed ${cellDate(completedOn)}` })),
  ];
}

function memberCell(row: TrainingRow): CellLine[] {
  return [
    { text: row.memberName, emphasis: 'strong' },
    ...(row.ward ? [{ text: row.ward }] : []),
    ...(row.compliant ? [] : [{ text: NOT_COMPLIANT, emphasis: 'alert' as const }]),
  ];
}

const cellOfCourse = (row: TrainingRow, courseKey: string): TrainingCell | undefined =>
  row.cells.find((cell) => cell.courseKey === courseKey);

function summaryTable(matrix: TrainingMatrix): TrainingTable {
  return {
    heading: 'Summary by course',
    caption: `Members on each course on ${formatDate(matrix.on)}, and completions in ${matrix.period.label}`,
    headers: ['Course', 'Required', 'Valid', 'Due soon', 'Lapsed', 'Never done', 'Completed in period'],
    rows: matrix.courses.map((course) => {
      const totals = matrix.byCourse.find((line) => line.courseKey === course.key);
      const figures = totals
        ? [totals.required, totals.valid, totals.dueSoon, totals.lapsed, totals.neverDone, totals.completedInPeriod]
        : [];
      return [course.title, ...figures.map(String)];
    }),
    whenEmpty: 'No courses are in this report.',
    align: 'right',
    rowHeaderShare: 0.34,
  };
}

function memberTable(matrix: TrainingMatrix): TrainingTable {
  return {
    heading: 'Members',
    caption: `Each member’s position on each course on ${formatDate(matrix.on)}, with the dates they completed it in ${matrix.period.label}`,
    headers: ['Member', ...matrix.courses.map((course) => course.title)],
    rows: matrix.rows.map((row) => [memberCell(row), ...matrix.courses.map((course) => courseCell(cellOfCourse(row, course.key)))]),
    whenEmpty: 'No members are in this report.',
    align: 'left',
    rowHeaderShare: 0.17,
  };
}

const reportTables = (matrix: TrainingMatrix): TrainingTable[] => [summaryTable(matrix), memberTable(matrix)];

// ───────────────────────────── HTML email ─────────────────────────────

/**
 * The training report as a complete HTML document for an email body. It is wider than most emails because the
 * member table has a column per course.
 */
export function trainingReportHtml(matrix: TrainingMatrix): string {
  return reportEmailDocument({
    heading: heading(matrix),
    width: 1000,
    body: [
      html`<p style="margin:16px 0 0;font-size:20px;font-weight:700">${complianceText(matrix)}</p>`,
      ...reportTables(matrix).map((table) => sectionHtml(table.heading, tableHtml(table))),
    ],
  });
}

// ───────────────────────────── CSV ─────────────────────────────

const TRAINING_COLUMNS = [
  'member',
  'reference',
  'ward',
  'course',
  'state',
  'last_completed_on',
  'valid_until',
  'due_by',
  'overdue',
  'awaiting_verification',
  'completed_in_period',
] as const;

type TrainingCsvRow = Record<(typeof TRAINING_COLUMNS)[number], string | null>;

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** One row per member and course, in the matrix's order, with ISO dates for spreadsheets. */
export function trainingReportCsv(matrix: TrainingMatrix): string {
  const rows = matrix.rows.flatMap((row) =>
    matrix.courses.flatMap((course): TrainingCsvRow[] => {
      const cell = cellOfCourse(row, course.key);
      if (!cell) return [];
      return [
        {
          member: row.memberName,
          reference: row.reference,
          ward: row.ward,
          course: course.title,
          state: STATE_LABELS[cell.state],
          last_completed_on: cell.lastCompletedOn,
          valid_until: cell.validUntil,
          due_by: cell.dueBy,
          overdue: yesNo(cell.overdue),
          awaiting_verification: yesNo(cell.awaitingVerification),
          completed_in_period: cell.completedInPeriod.join(';'),
        },
      ];
    }),
  );
  return toCsv(rows, TRAINING_COLUMNS);
}

// ───────────────────────────── PDF ─────────────────────────────

/** The training report as an A4 landscape PDF (a column per course), with the email's content. */
export function trainingReportPdf(matrix: TrainingMatrix): Promise<Buffer> {
  return reportPdf({ heading: heading(matrix), layout: 'landscape', margin: 36 }, (doc) => {
    doc.y += 8;
    write(doc, complianceText(matrix), STYLES.emphasis);
    for (const table of reportTables(matrix)) drawTableSection(doc, table, rowHeaderShare(table.rowHeaderShare));
  });
}

// ───────────────────────────── public attendance list ─────────────────────────────

type AttendanceEntry = AttendanceList['entries'][number];

interface CourseAttendance {
  courseTitle: string;
  days: Array<{ attendedOn: IsoDate; memberNames: string[] }>;
}

const byText = (a: string, b: string): number => a.localeCompare(b, 'en-GB');

/** By course title, then date, then member name: the order of the page and of the CSV. */
const sortedEntries = (list: AttendanceList): AttendanceEntry[] =>
  [...list.entries].sort(
    (a, b) => byText(a.courseTitle, b.courseTitle) || a.attendedOn.localeCompare(b.attendedOn) || byText(a.memberName, b.memberName),
  );

function attendanceByCourse(list: AttendanceList): CourseAttendance[] {
  const courses: CourseAttendance[] = [];
  for (const entry of sortedEntries(list)) {
    let course = courses.at(-1);
    if (course?.courseTitle !== entry.courseTitle) courses.push((course = { courseTitle: entry.courseTitle, days: [] }));
    let day = course.days.at(-1);
    if (day?.attendedOn !== entry.attendedOn) course.days.push((day = { attendedOn: entry.attendedOn, memberNames: [] }));
    day.memberNames.push(entry.memberName);
  }
  return courses;
}

/** Mobile first: the base rules are for a phone; wider screens only get more room. Colours meet WCAG AA contrast on white. */
const PAGE_STYLE = new SafeHtml(`
  body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; color: ${COLOURS.text}; background: #ffffff; }
  main { max-width: 48rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
  h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 0.5rem; }
  h2 { font-size: 1.375rem; line-height: 1.3; margin: 2rem 0 0.5rem; }
  p { margin: 0 0 0.25rem; }
  table { width: 100%; border-collapse: collapse; }
  caption { text-align: left; color: ${COLOURS.muted}; padding-bottom: 0.5rem; }
  th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid ${COLOURS.rule}; }
  thead th { border-bottom-width: 2px; }
  tbody th { font-weight: normal; width: 45%; }
  ul { margin: 0; padding: 0; list-style: none; }
  @media (min-width: 40rem) { main { padding: 2rem; } h1 { font-size: 2.25rem; } tbody th { width: 35%; } }
`);

function courseAttendanceHtml(course: CourseAttendance): SafeHtml {
  return html`<section>
    <h2>${course.courseTitle}</h2>
    <table>
      <caption>
        Members who attended ${course.courseTitle}, by date
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Members</th>
        </tr>
      </thead>
      <tbody>
        ${course.days.map(
          (day) =>
            html`<tr>
              <th scope="row">${formatDate(day.attendedOn)}</th>
              <td>
                <ul>
                  ${day.memberNames.map((name) => html`<li>${name}</li>`)}
                </ul>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** The attendance list as a standalone page for the council's website: names, course titles and dates only. */
export function attendanceListHtml(list: AttendanceList): string {
  const courses = attendanceByCourse(list);
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${list.title}, ${list.period.label}: ${list.councilName}</title>
        <style>
          ${PAGE_STYLE}
        </style>
      </head>
      <body>
        <main>
          <h1>${list.title}</h1>
          <p>${list.councilName}</p>
          <p>${periodText(list.period)}</p>
          ${courses.length ? courses.map(courseAttendanceHtml) : html`<p>${NO_ATTENDANCE}</p>`}
        </main>
      </body>
    </html>`.value;
}

/** The attendance list for spreadsheets, in the page's order. */
export function attendanceListCsv(list: AttendanceList): string {
  const rows = sortedEntries(list).map((entry) => ({ member: entry.memberName, course: entry.courseTitle, attended_on: entry.attendedOn }));
  return toCsv(rows, ['member', 'course', 'attended_on']);
}
