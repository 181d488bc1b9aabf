import { summariseVisits, type SummaryVisitInput } from '../../../domain/reports/visit-summary';
import { noFollowUp } from '../../support/follow-up';

const visit = (overrides: Partial<SummaryVisitInput>): SummaryVisitInput => ({
  establishmentId: 'oak',
  establishmentName: 'Oakfield House',
  periodStart: '2026-11-01',
  status: 'REPORTED',
  visitors: [{ memberId: 'm1', name: 'Councillor Ada Okafor' }],
  report: { visitedOn: '2026-11-12', quotableSummary: null },
  issues: [],
  ...overrides,
});

const summarise = (visits: SummaryVisitInput[], extra: Partial<Parameters<typeof summariseVisits>[0]> = {}) =>
  summariseVisits({
    title: 'Regulation 33 visits',
    councilName: 'Northmere Borough Council',
    period: { label: 'Q3 2026/27', start: '2026-11-01', end: '2027-01-31' },
    previousPeriodLabel: 'Q2 2026/27',
    visits,
    previousVisits: [],
    followUp: noFollowUp({ start: '2026-11-01', end: '2027-01-31' }),
    ...extra,
  });

test('completed, missed and not allocated are counted per home and in total; cancelled visits are not due', () => {
  const summary = summarise([
    visit({}),
    visit({ periodStart: '2026-12-01', status: 'MISSED' }),
    visit({ periodStart: '2027-01-01', status: 'UNALLOCATED', visitors: [] }),
    visit({ establishmentId: 'wil', establishmentName: 'Willow Lodge', status: 'CANCELLED', visitors: [] }),
  ]);
  expect(summary.totals).toEqual({ due: 3, completed: 1, missed: 1, unallocated: 1, completionRate: 1 / 3 });
  expect(summary.members).toEqual([{ memberId: 'm1', name: 'Councillor Ada Okafor', allocated: 2, completed: 1, missed: 1 }]);
});

test('an issue raised at an earlier visit and still open counts as open; one resolved in the period counts as resolved', () => {
  const summary = summarise([visit({ issues: [{ category: 'PREMISES', severity: 'LOW', resolvedOn: null }] })], {
    earlierIssues: [
      { establishmentId: 'oak', category: 'SAFEGUARDING', severity: 'HIGH', resolvedOn: null },
      { establishmentId: 'oak', category: 'SAFEGUARDING', severity: 'MEDIUM', resolvedOn: '2026-12-15' },
    ],
  });
  expect(summary.openBySeverity).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 1 });
  expect(summary.establishments[0]).toMatchObject({ openIssues: 2, resolvedIssues: 1 });
  expect(summary.issues.find((line) => line.category === 'SAFEGUARDING')).toMatchObject({
    bySeverity: { LOW: 0, MEDIUM: 0, HIGH: 0 },
    open: 1,
    resolved: 1,
  });
});

test('free text is carried only where the visitor allowed quotation', () => {
  const summary = summarise([
    visit({ report: { visitedOn: '2026-11-12', quotableSummary: 'The young people showed us their new garden.' } }),
    visit({ periodStart: '2026-12-01', report: { visitedOn: '2026-12-03', quotableSummary: null } }),
  ]);
  expect(summary.quotes).toEqual([
    { establishmentName: 'Oakfield House', visitedOn: '2026-11-12', text: 'The young people showed us their new garden.' },
  ]);
});

test('the chart leaves out a home with nothing due rather than drawing it at 0%', () => {
  const summary = summarise([
    visit({}),
    visit({ establishmentId: 'wil', establishmentName: 'Willow Lodge', status: 'CANCELLED', visitors: [] }),
  ]);
  expect(summary.chart.bars.map((bar) => bar.label)).toEqual(['Oakfield House']);
});
