import { summariseCompliance, type ComplianceOverviewInput } from '../../domain/reports/compliance-overview';
import { median, type FollowUpActionInput } from '../../domain/reports/follow-up';
import { summariseVisits } from '../../domain/reports/visit-summary';
import { complianceOverviewCsv, complianceOverviewHtml, complianceOverviewPdf } from '../../render/reports/compliance-overview';
import { visitSummaryCsv, visitSummaryHtml, visitSummaryPdf } from '../../render/reports/visit-summary';
import { followUpOf } from '../support/follow-up';
import { textOf } from '../support/page-text';
import { readPdf } from '../support/pdf';
import { csvRecords } from '../support/report-email';

// Q3 2026/27 of a municipal year: November to January. Midnight on 1 February (GMT) ends it.
const PERIOD = { label: 'Q3 2026/27', start: '2026-11-01', end: '2027-01-31' };

const action = (createdAt: string, dueOn: string, resolvedAt: string | null = null): FollowUpActionInput => ({
  createdAt: new Date(createdAt),
  dueOn,
  resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
});

const actions = [
  // Raised before the period, resolved in it after 10 days, on time.
  action('2026-10-25T10:00:00Z', '2026-11-10', '2026-11-04T10:00:00Z'),
  // Raised and resolved in the period after 3 days, late.
  action('2026-12-01T09:00:00Z', '2026-12-02', '2026-12-04T09:00:00Z'),
  // Raised in the period, resolved in it after 4 days.
  action('2027-01-05T09:00:00Z', '2027-02-01', '2027-01-09T09:00:00Z'),
  // Raised in the period, due before its end, resolved only after it: overdue at the end.
  action('2026-12-10T09:00:00Z', '2027-01-15', '2027-02-03T09:00:00Z'),
  // Raised in the period, due before its end, still open: overdue at the end.
  action('2026-11-20T09:00:00Z', '2026-12-20'),
  // Due on the period's last day: not yet overdue at its end.
  action('2026-12-20T09:00:00Z', '2027-01-31'),
];

const urgentConcerns = [
  { raisedAt: new Date('2026-11-03T10:00:00Z'), acknowledgedAt: new Date('2026-11-03T11:30:00Z') },
  { raisedAt: new Date('2026-12-24T18:00:00Z'), acknowledgedAt: new Date('2026-12-27T12:00:00Z') },
  { raisedAt: new Date('2027-01-30T16:00:00Z'), acknowledgedAt: new Date('2027-01-30T16:30:00Z') },
  { raisedAt: new Date('2027-01-31T23:30:00Z'), acknowledgedAt: null },
  // Raised after the period's last midnight: the next period's.
  { raisedAt: new Date('2027-02-01T00:30:00Z'), acknowledgedAt: null },
];

const figures = followUpOf(PERIOD, { actions, urgentConcerns, reportsNotFinal: 2 });
const empty = followUpOf(PERIOD);

describe('follow-up figures', () => {
  test('a median is the middle value, or the mean of the middle two; none of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  test('actions are counted as raised and resolved within the period, and overdue when past due and open at its end', () => {
    expect(figures).toMatchObject({ actionsRaised: 5, actionsResolved: 3, actionsOverdue: 2, actionsResolvedOnTime: 2 });
  });

  test('the median time to resolve is of the actions resolved in the period, in days to one decimal place', () => {
    expect(figures.medianDaysToResolve).toBe(4);
    const odd = followUpOf(PERIOD, { actions: [action('2026-11-02T00:00:00Z', '2026-12-01', '2026-11-03T12:00:00Z')] });
    expect(odd.medianDaysToResolve).toBe(1.5);
  });

  test('urgent concerns raised in the period, how many were acknowledged, the median and the slowest in hours', () => {
    expect(figures).toMatchObject({
      urgentRaised: 4,
      urgentAcknowledged: 3,
      medianHoursToAcknowledge: 1.5,
      slowestHoursToAcknowledge: 66,
      urgentAcknowledgedPromptly: 2,
      reportsNotFinal: 2,
    });
  });

  test('a period with no actions and no concerns has zeros, and no medians rather than zero days', () => {
    expect(empty).toEqual({
      actionsRaised: 0,
      actionsResolved: 0,
      actionsOverdue: 0,
      actionsResolvedOnTime: 0,
      medianDaysToResolve: null,
      urgentRaised: 0,
      urgentAcknowledged: 0,
      medianHoursToAcknowledge: null,
      slowestHoursToAcknowledge: null,
      urgentAcknowledgedPromptly: 0,
      reportsNotFinal: 0,
    });
  });
});

const summaryOf = (followUp = figures) =>
  summariseVisits({
    title: 'Regulation 33 visits: Q3 2026/27',
    councilName: 'Northmere Borough Council',
    period: PERIOD,
    previousPeriodLabel: 'Q2 2026/27',
    visits: [],
    previousVisits: [],
    followUp,
  });

describe('the visit summary’s follow-up', () => {
  const text = textOf(visitSummaryHtml(summaryOf()));

  test('the email lists each figure, times in days and hours', () => {
    expect(text).toContain('Follow-up of findings');
    expect(text).toMatch(/Actions raised\s*5/);
    expect(text).toMatch(/Actions overdue at the period’s end\s*2/);
    expect(text).toMatch(/Median time to resolve an action\s*4 days/);
    expect(text).toMatch(/Median time to acknowledge\s*1.5 hours/);
    expect(text).toMatch(/Slowest acknowledgement\s*66 hours/);
    expect(text).toMatch(/Visit reports not yet final\s*2/);
    expect(text).toContain('past its due date and open on Sunday 31 January 2027');
  });

  test('the chart gives the share of actions resolved on time and of concerns acknowledged within 24 hours', () => {
    expect(text).toMatch(/Actions resolved by their due date\s*67%/);
    expect(text).toMatch(/Urgent concerns acknowledged within 24 hours\s*50%/);
  });

  test('with nothing to measure, times read n/a and the chart says why it has no bars', () => {
    const quiet = textOf(visitSummaryHtml(summaryOf(empty)));
    expect(quiet).toMatch(/Median time to resolve an action\s*n\/a/);
    expect(quiet).toContain('No action was resolved and no urgent concern was raised in this period');
  });

  test('the CSV’s total row carries the figures, times as decimals and empty where not measured', () => {
    const [total] = csvRecords(visitSummaryCsv(summaryOf()));
    expect(total).toMatchObject({
      section: 'total',
      actions_raised: '5',
      actions_resolved: '3',
      actions_overdue: '2',
      median_days_to_resolve: '4',
      urgent_concerns: '4',
      urgent_acknowledged: '3',
      median_hours_to_acknowledge: '1.5',
      slowest_hours_to_acknowledge: '66',
      reports_not_final: '2',
    });
    expect(csvRecords(visitSummaryCsv(summaryOf(empty)))[0]).toMatchObject({ median_days_to_resolve: '', actions_raised: '0' });
  });

  test('the PDF has the same figures and the chart', async () => {
    const { text: pdf } = await readPdf(visitSummaryPdf(summaryOf()));
    expect(pdf).toMatch(/Actions overdue at the period’s end 2/);
    expect(pdf).toMatch(/Slowest acknowledgement 66 hours/);
    expect(pdf).toContain('Actions resolved by their due date 67%');
  });
});

describe('the compliance overview’s follow-up', () => {
  const input: ComplianceOverviewInput = {
    title: 'Corporate parenting compliance overview: Q3 2026/27',
    councilName: 'Northmere Borough Council',
    period: PERIOD,
    previousPeriodLabel: 'Q2 2026/27',
    visits: [],
    openIssues: { LOW: 0, MEDIUM: 0, HIGH: 0 },
    training: { courses: [], membersCompliant: 0, members: 0 },
    pledge: null,
    followUp: { byDuty: { REG33_HOMES: figures, REC41_OFFICES: empty }, overall: figures },
  };
  const overview = summariseCompliance(input);

  test('the headline says what became of actions and how fast urgent concerns were acknowledged', () => {
    expect(overview.headline).toContain('Actions on findings: 5 raised, 3 resolved (median 4 days), 2 overdue on Sunday 31 January 2027.');
    expect(overview.headline).toContain('Urgent concerns: 4 raised, 3 acknowledged (median 1.5 hours, slowest 66 hours).');
    expect(summariseCompliance({ ...input, followUp: { ...input.followUp, overall: empty } }).headline).toContain(
      'Urgent concerns: none were raised.',
    );
  });

  test('the table has a column per duty and one for all visits, in the email, the CSV and the PDF', async () => {
    const text = textOf(complianceOverviewHtml(overview));
    expect(text).toMatch(/Follow-up\s*Regulation 33 visits\s*Recommendation 41 visits\s*All visits/);
    expect(text).toMatch(/Actions raised\s*5\s*0\s*5/);
    const records = csvRecords(complianceOverviewCsv(overview));
    expect(records.find((record) => record.section === 'duty' && record.duty === 'REG33_HOMES')).toMatchObject({ actions_overdue: '2' });
    expect(records.find((record) => record.section === 'follow_up')).toMatchObject({ name: 'All visits', urgent_concerns: '4' });
    const { text: pdf } = await readPdf(complianceOverviewPdf(overview));
    expect(pdf).toMatch(/Median time to acknowledge 1.5 hours n\/a 1.5 hours/);
    expect(pdf).toContain('Urgent concerns acknowledged within 24 hours 50%');
  });
});
