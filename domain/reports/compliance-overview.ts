import { formatDate, type IsoDate } from '../calendar';
import { type TrainingMatrix } from '../training/reports';
import { VISIT_DUTY, type VisitDutyKind } from '../visits/duty';
import { barsOf, type BarChart } from './chart';
import { percentagePointsText, pointsBetween, rateOf, rateText, sumOf } from './figures';
import { durationText, followUpRates, type FollowUpFigures } from './follow-up';
import { type IssueSeverity, type VisitCounts } from './visit-summary';

/** The duties in the order the panel reads them: homes, then offices. */
export const VISIT_DUTIES = ['REG33_HOMES', 'REC41_OFFICES'] as const satisfies readonly VisitDutyKind[];

/** Most serious first: the order the panel reads open issues in. */
export const SEVERITIES_MOST_SERIOUS_FIRST = ['HIGH', 'MEDIUM', 'LOW'] as const satisfies readonly IssueSeverity[];

/** One establishment's visits under one duty, in the period and the one before. */
export interface EstablishmentVisitsInput extends Omit<VisitCounts, 'completionRate'> {
  duty: VisitDutyKind;
  establishmentName: string;
  previousDue: number;
  previousCompleted: number;
}

/** A course's figures as the training report counts them: positions on the period's last day, completions in the period. */
type CourseFigures = Omit<TrainingMatrix['byCourse'][number], 'courseKey'>;

export interface CourseInput extends CourseFigures {
  title: string;
}

/** The pledge of the municipal year the period ends in. */
export interface PledgeInput {
  yearLabel: string;
  signed: number;
  serving: number;
  commitmentRenewedOn: IsoDate | null;
}

/** What the overview is made from: counts a database query gives, nothing per person. */
export interface ComplianceOverviewInput {
  title: string;
  councilName: string;
  period: { label: string; start: IsoDate; end: IsoDate };
  previousPeriodLabel: string;
  visits: EstablishmentVisitsInput[];
  /** Issues found at visits (in this period or earlier) still open on the period's last day. */
  openIssues: Record<IssueSeverity, number>;
  training: { courses: CourseInput[]; membersCompliant: number; members: number };
  /** Null until a pledge is set up for the municipal year. */
  pledge: PledgeInput | null;
  /** Actions and urgent concerns of each duty's visits, and of all of them together. */
  followUp: { byDuty: Record<VisitDutyKind, FollowUpFigures>; overall: FollowUpFigures };
}

export interface EstablishmentCompliance extends VisitCounts {
  name: string;
  previousCompletionRate: number | null;
}

export interface DutyCompliance {
  duty: VisitDutyKind;
  /** "Regulation 33 visits" */
  name: string;
  /** "children's home" */
  place: string;
  totals: VisitCounts;
  previousTotals: { due: number; completed: number; completionRate: number | null };
  /** Whole percentage points from the previous rate to this one, as the reader sees them; null when either period had nothing due. */
  changeInPoints: number | null;
  /** By name; empty when the duty had no establishments. */
  establishments: EstablishmentCompliance[];
  followUp: FollowUpFigures;
}

export interface CourseCompliance extends CourseInput {
  /** Valid or due soon: members who need the course and hold it. */
  upToDate: number;
  /** upToDate / required, 0 to 1; null when nobody needs the course. */
  upToDateRate: number | null;
}

export interface TrainingCompliance {
  courses: CourseCompliance[];
  /** Each figure summed across courses: places on courses, not members. */
  totals: CourseFigures & { upToDate: number; upToDateRate: number | null };
  members: number;
  membersCompliant: number;
  /** membersCompliant / members; null when no member needs any course. */
  complianceRate: number | null;
}

export interface PledgeCompliance extends PledgeInput {
  /** signed / serving; null when nobody is serving. */
  signedRate: number | null;
}

/**
 * The six-monthly corporate parenting compliance overview for the CYP Scrutiny
 * Panel: the headline in plain sentences, then visits, training and the pledge.
 * Rates are 0 to 1, and null (never 0) where there was nothing to measure.
 */
export interface ComplianceOverview extends Pick<ComplianceOverviewInput, 'title' | 'councilName' | 'period' | 'previousPeriodLabel'> {
  /** Plain-English sentences, most important first: visits, open issues, training, pledge. */
  headline: string[];
  /** Every duty, in VISIT_DUTIES order, even one with nothing due. */
  duties: DutyCompliance[];
  openIssues: { bySeverity: Record<IssueSeverity, number>; total: number };
  training: TrainingCompliance;
  pledge: PledgeCompliance | null;
  /** Actions and urgent concerns of all visits together. */
  followUp: FollowUpFigures;
  /** Completion rate per duty, against the previous period, members up to date per course, and the follow-up of findings. */
  chart: BarChart;
}

// ───────────────────────────── figures ─────────────────────────────

function establishmentLine(line: EstablishmentVisitsInput): EstablishmentCompliance {
  return {
    name: line.establishmentName,
    due: line.due,
    completed: line.completed,
    missed: line.missed,
    unallocated: line.unallocated,
    completionRate: rateOf(line.completed, line.due),
    previousCompletionRate: rateOf(line.previousCompleted, line.previousDue),
  };
}

function dutyCompliance(duty: VisitDutyKind, visits: EstablishmentVisitsInput[], followUp: FollowUpFigures): DutyCompliance {
  const mine = visits.filter((line) => line.duty === duty);
  const total = (figure: (line: EstablishmentVisitsInput) => number) => sumOf(mine.map(figure));
  const [due, completed] = [total((line) => line.due), total((line) => line.completed)];
  const totals: VisitCounts = {
    due,
    completed,
    missed: total((line) => line.missed),
    unallocated: total((line) => line.unallocated),
    completionRate: rateOf(completed, due),
  };
  const previousDue = total((line) => line.previousDue);
  const previousCompleted = total((line) => line.previousCompleted);
  const previousRate = rateOf(previousCompleted, previousDue);
  return {
    duty,
    name: `${VISIT_DUTY[duty].name}s`,
    place: VISIT_DUTY[duty].place,
    totals,
    previousTotals: { due: previousDue, completed: previousCompleted, completionRate: previousRate },
    changeInPoints: pointsBetween(totals.completionRate, previousRate),
    establishments: mine.map(establishmentLine).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    followUp,
  };
}

const upToDate = (course: CourseFigures): number => course.valid + course.dueSoon;

function trainingCompliance(training: ComplianceOverviewInput['training']): TrainingCompliance {
  const courses = training.courses.map((course) => ({
    ...course,
    upToDate: upToDate(course),
    upToDateRate: rateOf(upToDate(course), course.required),
  }));
  const total = (figure: keyof CourseFigures) => sumOf(courses.map((course) => course[figure]));
  const figures: CourseFigures = {
    required: total('required'),
    valid: total('valid'),
    dueSoon: total('dueSoon'),
    lapsed: total('lapsed'),
    neverDone: total('neverDone'),
    completedInPeriod: total('completedInPeriod'),
  };
  return {
    courses,
    totals: { ...figures, upToDate: upToDate(figures), upToDateRate: rateOf(upToDate(figures), figures.required) },
    members: training.members,
    membersCompliant: training.membersCompliant,
    complianceRate: rateOf(training.membersCompliant, training.members),
  };
}

// ───────────────────────────── headline ─────────────────────────────

const plural = (count: number, one: string, many: string): string => (count === 1 ? one : many);

/** "up 6 percentage points from 88% in Second half of 2025/26", or why there is nothing to compare with. */
function comparisonText(duty: DutyCompliance, previousPeriodLabel: string): string {
  const before = duty.previousTotals.completionRate;
  const points = duty.changeInPoints;
  if (before === null || points === null) return `no visits were due in ${previousPeriodLabel}`;
  if (points === 0) return `the same as in ${previousPeriodLabel}`;
  return `${points > 0 ? 'up' : 'down'} ${percentagePointsText(points)} from ${rateText(before)} in ${previousPeriodLabel}`;
}

/** "Regulation 33 visits in First half of 2026/27: 34 of 36 due were completed (94%), up 6 percentage points from 88% in …." */
function dutySentence(duty: DutyCompliance, periodLabel: string, previousPeriodLabel: string): string {
  const { due, completed, completionRate } = duty.totals;
  const opening = `${duty.name} in ${periodLabel}:`;
  if (!due) return `${opening} no visits were due.`;
  const done = `${completed} of ${due} due ${plural(completed, 'was', 'were')} completed (${rateText(completionRate)})`;
  return `${opening} ${done}, ${comparisonText(duty, previousPeriodLabel)}.`;
}

/** "2 and 1" or "3, 2 and 1". */
const listText = (items: string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function openIssuesSentence(bySeverity: Record<IssueSeverity, number>, total: number, periodEnd: IsoDate): string {
  const on = formatDate(periodEnd);
  if (!total) return `No issues found at visits were open on ${on}.`;
  const counts = SEVERITIES_MOST_SERIOUS_FIRST.filter((severity) => bySeverity[severity]).map(
    (severity) => `${bySeverity[severity]} ${severity.toLowerCase()}`,
  );
  return `${total} ${plural(total, 'issue', 'issues')} found at visits ${plural(total, 'was', 'were')} still open on ${on}: ${listText(counts)} severity.`;
}

/** "Actions on findings: 4 raised, 3 resolved (median 6.5 days), 1 overdue on …. Urgent concerns: 2 raised, 2 acknowledged (median 1.5 hours, slowest 3 hours)." */
function followUpSentences(figures: FollowUpFigures, periodEnd: IsoDate): string[] {
  const resolved = `${figures.actionsResolved} resolved${figures.actionsResolved ? ` (median ${durationText(figures.medianDaysToResolve, 'day')})` : ''}`;
  const acknowledged = figures.urgentAcknowledged
    ? ` (median ${durationText(figures.medianHoursToAcknowledge, 'hour')}, slowest ${durationText(figures.slowestHoursToAcknowledge, 'hour')})`
    : '';
  return [
    `Actions on findings: ${figures.actionsRaised} raised, ${resolved}, ${figures.actionsOverdue} overdue on ${formatDate(periodEnd)}.`,
    figures.urgentRaised
      ? `Urgent concerns: ${figures.urgentRaised} raised, ${figures.urgentAcknowledged} acknowledged${acknowledged}.`
      : 'Urgent concerns: none were raised.',
  ];
}

function trainingSentence(training: TrainingCompliance, periodEnd: IsoDate): string {
  const { members, membersCompliant, complianceRate } = training;
  if (!members) return 'Training: no members were required to complete a course.';
  return `Training: ${membersCompliant} of ${members} members (${rateText(complianceRate)}) had every required course up to date on ${formatDate(periodEnd)}.`;
}

function renewalText(renewedOn: IsoDate | null): string {
  return renewedOn
    ? `Council renewed its commitment on ${formatDate(renewedOn)}`
    : 'Council’s renewal of its commitment has not been recorded';
}

function pledgeSentence(pledge: PledgeCompliance | null): string {
  if (!pledge) return 'Corporate Parenting Pledge: no pledge has been set up for this municipal year yet.';
  const opening = `Corporate Parenting Pledge ${pledge.yearLabel}:`;
  const signed = pledge.serving
    ? `${pledge.signed} of ${pledge.serving} serving members (${rateText(pledge.signedRate)}) have signed`
    : 'no members are serving';
  return `${opening} ${signed}; ${renewalText(pledge.commitmentRenewedOn)}.`;
}

// ───────────────────────────── the overview ─────────────────────────────

/** Bars for the rates there are: a duty or course with nothing to measure has none. Only the duties are compared with the previous period. */
function chartOf(periodLabel: string, duties: DutyCompliance[], training: TrainingCompliance, followUp: FollowUpFigures): BarChart {
  const dutyRates = duties.map((duty) => ({
    label: `${duty.name} completed`,
    rate: duty.totals.completionRate,
    previousRate: duty.previousTotals.completionRate,
  }));
  const courseRates = training.courses.map((course) => ({
    label: `${course.title}: members up to date`,
    rate: course.upToDateRate,
    previousRate: null,
  }));
  return {
    title: `Visits completed, members up to date with each course and follow-up of findings, ${periodLabel} (previous period in brackets)`,
    bars: barsOf([...dutyRates, ...courseRates, ...followUpRates(followUp)]),
    comparesEveryBar: false,
  };
}

/** Totals, rates against the previous period and the headline sentences, from the counts the query gives. */
export function summariseCompliance(input: ComplianceOverviewInput): ComplianceOverview {
  const { title, councilName, period, previousPeriodLabel } = input;
  const duties = VISIT_DUTIES.map((duty) => dutyCompliance(duty, input.visits, input.followUp.byDuty[duty]));
  const openIssues = { bySeverity: { ...input.openIssues }, total: sumOf(Object.values(input.openIssues)) };
  const training = trainingCompliance(input.training);
  const pledge = input.pledge && { ...input.pledge, signedRate: rateOf(input.pledge.signed, input.pledge.serving) };
  return {
    title,
    councilName,
    period,
    previousPeriodLabel,
    headline: [
      ...duties.map((duty) => dutySentence(duty, period.label, previousPeriodLabel)),
      openIssuesSentence(openIssues.bySeverity, openIssues.total, period.end),
      ...followUpSentences(input.followUp.overall, period.end),
      trainingSentence(training, period.end),
      pledgeSentence(pledge),
    ],
    duties,
    openIssues,
    training,
    pledge,
    followUp: input.followUp.overall,
    chart: chartOf(period.label, duties, training, input.followUp.overall),
  };
}
