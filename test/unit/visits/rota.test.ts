import { addDays, addMonths, type IsoDate } from '../../../domain/calendar';
import { ineligibilityReasons } from '../../../domain/visits/eligibility';
import { allocateVisitors, type RotaCandidate } from '../../../domain/visits/rota';

const member = (n: number, overrides: Partial<RotaCandidate> = {}): RotaCandidate => ({
  memberId: `m${String(n).padStart(2, '0')}`,
  reference: `NM${String(n).padStart(3, '0')}`,
  membership: [{ from: '2026-05-01', to: null }],
  ineligibleBecause: [],
  visitsInLast12Months: 0,
  lastVisitOn: null,
  ...overrides,
});

/** Runs the rota month by month for every home, feeding each month's choices into the next month's history. */
function simulateYear(options: { homes: number; members: RotaCandidate[]; visitorsPerVisit: number; months?: number }) {
  const history: Array<{ home: number; memberId: string; on: IsoDate }> = [];
  const lastVisitors = new Map<number, string[]>();
  const shortfalls: Array<{ month: IsoDate; home: number; shortfall: number }> = [];
  for (let month = 0; month < (options.months ?? 12); month += 1) {
    const on = addMonths('2026-05-01', month);
    const periodEnd = addDays(addMonths(on, 1), -1);
    for (let home = 0; home < options.homes; home += 1) {
      const yearAgo = addMonths(on, -12);
      const candidates = options.members.map((candidate) => {
        const mine = history.filter((visit) => visit.memberId === candidate.memberId && visit.on > yearAgo);
        return { ...candidate, visitsInLast12Months: mine.length, lastVisitOn: mine.at(-1)?.on ?? null };
      });
      const decision = allocateVisitors({
        on,
        periodEnd,
        needed: options.visitorsPerVisit,
        candidates,
        previousVisitors: lastVisitors.get(home) ?? [],
        alreadyAsked: [],
      });
      if (decision.shortfall) shortfalls.push({ month: on, home, shortfall: decision.shortfall });
      decision.chosen.forEach((memberId) => history.push({ home, memberId, on }));
      lastVisitors.set(home, decision.chosen);
    }
  }
  const counts = new Map(options.members.map((candidate) => [candidate.memberId, 0]));
  history.forEach((visit) => counts.set(visit.memberId, (counts.get(visit.memberId) ?? 0) + 1));
  return { history, counts: [...counts.values()], shortfalls, lastVisitors };
}

const twelveMembers = Array.from({ length: 12 }, (_, n) => member(n + 1));

test.each([
  ['6 homes and 12 members, one visitor a visit', 6, 1],
  ['3 homes and 12 members, two different members a visit', 3, 2],
])('over a year, %s: every visit allocated and visit counts differ by at most one', (_case, homes, visitorsPerVisit) => {
  const { counts, shortfalls, history } = simulateYear({ homes, members: twelveMembers, visitorsPerVisit });
  expect(shortfalls).toEqual([]);
  expect(history).toHaveLength(72);
  expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
});

test('no member visits the same home two months running', () => {
  const { history } = simulateYear({ homes: 6, members: twelveMembers, visitorsPerVisit: 1 });
  for (let home = 0; home < 6; home += 1) {
    const visitors = history.filter((visit) => visit.home === home).map((visit) => visit.memberId);
    visitors.slice(1).forEach((visitor, index) => expect(visitor).not.toBe(visitors[index]));
  }
});

test('a pool of one visits every other month; the months between are reported short, not filled with a repeat', () => {
  const { shortfalls, history } = simulateYear({ homes: 1, members: [member(1)], visitorsPerVisit: 1, months: 4 });
  expect(history.map((visit) => visit.on)).toEqual(['2026-05-01', '2026-07-01']);
  expect(shortfalls).toEqual([
    { month: '2026-06-01', home: 0, shortfall: 1 },
    { month: '2026-08-01', home: 0, shortfall: 1 },
  ]);
});

test('when nobody is eligible the decision says so for each member, with the reason', () => {
  const decision = allocateVisitors({
    on: '2026-11-01',
    periodEnd: '2026-11-30',
    needed: 1,
    candidates: [member(1, { ineligibleBecause: ['Enhanced DBS check lapsed on Friday 30 October 2026'] }), member(2, { membership: [] })],
    previousVisitors: [],
    alreadyAsked: [],
  });
  expect(decision).toEqual({
    chosen: [],
    shortfall: 1,
    passedOver: [
      { memberId: 'm01', reason: 'Enhanced DBS check lapsed on Friday 30 October 2026' },
      { memberId: 'm02', reason: 'not in the pool for the whole period' },
    ],
  });
});

test('a member whose pool membership ends mid-period is not allocated that period, and is again before it ends', () => {
  const leaving = member(1, { membership: [{ from: '2026-05-01', to: '2026-11-15' }] });
  const staying = member(2, { visitsInLast12Months: 5 });
  /** Who is chosen for one visit in the month from `on` to `periodEnd`, nobody asked yet. */
  const chosenFor = (on: string, periodEnd: string) =>
    allocateVisitors({ on, periodEnd, needed: 1, candidates: [leaving, staying], previousVisitors: [], alreadyAsked: [] }).chosen;
  expect(chosenFor('2026-11-01', '2026-11-30')).toEqual(['m02']);
  expect(chosenFor('2026-10-01', '2026-10-31')).toEqual(['m01']);
});

test('ties are broken by longest since the last visit, then by member reference', () => {
  const decision = allocateVisitors({
    on: '2026-11-01',
    periodEnd: '2026-11-30',
    needed: 2,
    candidates: [
      member(3, { visitsInLast12Months: 2, lastVisitOn: '2026-09-01' }),
      member(1, { visitsInLast12Months: 2, lastVisitOn: '2026-10-01' }),
      member(2, { visitsInLast12Months: 2, lastVisitOn: '2026-09-01' }),
    ],
    previousVisitors: [],
    alreadyAsked: [],
  });
  expect(decision.chosen).toEqual(['m02', 'm03']);
});

test('a declined member is not asked again for the same visit', () => {
  const decision = allocateVisitors({
    on: '2026-11-03',
    periodEnd: '2026-11-30',
    needed: 1,
    candidates: [member(1), member(2, { visitsInLast12Months: 3 })],
    previousVisitors: [],
    alreadyAsked: ['m01'],
  });
  expect(decision.chosen).toEqual(['m02']);
});

describe('eligibility', () => {
  const rules = { renewalWindowDays: 60, inductionWeeks: null, requiresVerification: true, renewAfterElection: false };
  const facts = {
    leftOn: null,
    electedOn: null,
    conflicts: [{ from: '2026-09-01', to: null, reason: 'a relative works at Oakfield House' }],
    requiredTraining: [
      { courseTitle: 'Enhanced DBS check', rules, completions: [{ completedOn: '2023-10-30', expiresOn: '2026-10-30', verified: true }] },
      {
        courseTitle: 'Safeguarding children seminar',
        rules,
        completions: [{ completedOn: '2026-10-01', expiresOn: '2027-10-01', verified: false }],
      },
    ],
  };

  test('a conflict of interest, a lapsed check and training awaiting verification are each a reason', () => {
    expect(ineligibilityReasons(facts, '2026-11-02')).toEqual([
      'has a recorded conflict of interest: a relative works at Oakfield House',
      'Enhanced DBS check lapsed on Friday 30 October 2026',
      'Safeguarding children seminar has not been recorded (a completion awaits an officer’s check)',
    ]);
  });

  test('training is valid on its expiry date and a conflict only from its start', () => {
    expect(ineligibilityReasons({ ...facts, requiredTraining: facts.requiredTraining.slice(0, 1) }, '2026-08-30')).toEqual([]);
    expect(ineligibilityReasons({ ...facts, requiredTraining: facts.requiredTraining.slice(0, 1) }, '2026-10-30')).toEqual([
      'has a recorded conflict of interest: a relative works at Oakfield House',
    ]);
  });

  test('a member who has left the council is not eligible from the day they left', () => {
    expect(ineligibilityReasons({ leftOn: '2026-11-02', electedOn: null, conflicts: [], requiredTraining: [] }, '2026-11-02')).toEqual([
      'left the council on Monday 2 November 2026',
    ]);
  });
});
