import { expiryFor } from '../../../domain/training/expiry';
import { trainingPosition, type Completion, type PositionRules } from '../../../domain/training/position';
import { describeReasons, requirementOn, type MemberFacts } from '../../../domain/training/requirements';
import { trainingSteps } from '../../../domain/training/steps';

const london = (instant: Date) => instant.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' });

describe('expiry', () => {
  const yearly = { validityMonths: 12, renewalWindowDays: 60 };

  test('from the completion date: the anniversary, with month ends and 29 February clamped', () => {
    expect(expiryFor({ ...yearly, renewalBasis: 'COMPLETION_DATE' }, '2026-06-10', null)).toBe('2027-06-10');
    expect(expiryFor({ ...yearly, validityMonths: 1, renewalBasis: 'COMPLETION_DATE' }, '2027-01-31', null)).toBe('2027-02-28');
    expect(expiryFor({ ...yearly, renewalBasis: 'COMPLETION_DATE' }, '2028-02-29', null)).toBe('2029-02-28');
    expect(expiryFor({ ...yearly, validityMonths: 36, renewalBasis: 'COMPLETION_DATE' }, '2024-02-29', null)).toBe('2027-02-28');
  });

  test('from the previous expiry: renewing inside the window loses no time; renewing after a lapse starts afresh', () => {
    const rules = { ...yearly, renewalBasis: 'PREVIOUS_EXPIRY' as const };
    expect(expiryFor(rules, '2027-05-01', '2027-06-10')).toBe('2028-06-10');
    expect(expiryFor(rules, '2027-03-01', '2027-06-10')).toBe('2028-03-01');
    expect(expiryFor(rules, '2027-07-01', '2027-06-10')).toBe('2028-07-01');
    expect(expiryFor(rules, '2027-07-01', null)).toBe('2028-07-01');
  });

  test('a fixed municipal-year course lasts to 30 April, or to the next 30 April when done in the window before it', () => {
    const rules = { ...yearly, renewalBasis: 'FIXED_MUNICIPAL_YEAR' as const };
    expect(expiryFor(rules, '2026-09-15', null)).toBe('2027-04-30');
    expect(expiryFor(rules, '2027-03-15', null)).toBe('2028-04-30');
    expect(expiryFor({ ...rules, validityMonths: 24 }, '2026-09-15', null)).toBe('2028-04-30');
  });

  test('a course without validity never expires', () => {
    expect(expiryFor({ validityMonths: null, renewalBasis: 'COMPLETION_DATE', renewalWindowDays: 60 }, '2026-06-10', null)).toBeNull();
  });
});

describe('requirements', () => {
  const course = {
    requiredForRoles: [],
    requiredForPanels: ['CORPORATE_PARENTING'],
    requiredForPools: ['REG33_HOMES'],
    renewAfterElection: false,
  } as const;
  const member: MemberFacts = {
    roles: ['COUNCILLOR'],
    joinedOn: '2022-05-05',
    electedOn: '2026-05-07',
    leftOn: null,
    seats: [{ panelKind: 'CORPORATE_PARENTING', panelName: 'Corporate Parenting Panel', from: '2026-06-01', to: null }],
    pools: [{ purpose: 'REG33_HOMES', poolName: 'Regulation 33 pool', from: '2026-09-01', to: '2026-12-31' }],
  };

  test('a seat and a pool make a course required, from the earliest of them, with the reasons', () => {
    const both = requirementOn(course, member, '2026-10-01')!;
    expect(both.since).toBe('2026-06-01');
    expect(describeReasons(both.because, 'you')).toBe('you sit on the Corporate Parenting Panel and are in the Regulation 33 pool');
    expect(describeReasons(both.because, 'they')).toBe('sits on the Corporate Parenting Panel and is in the Regulation 33 pool');
    expect(describeReasons(requirementOn(course, member, '2027-01-15')!.because, 'they')).toBe('sits on the Corporate Parenting Panel');
    expect(requirementOn(course, member, '2026-05-20')).toBeNull();
  });

  test('an election re-opens a course renewed after elections; leaving the council ends every requirement', () => {
    const induction = { requiredForRoles: ['COUNCILLOR'], requiredForPanels: [], requiredForPools: [], renewAfterElection: true } as const;
    expect(requirementOn(induction, member, '2026-10-01')).toEqual({
      since: '2026-05-07',
      because: [{ kind: 'role', name: 'a councillor' }],
    });
    expect(requirementOn(induction, { ...member, leftOn: '2026-09-30' }, '2026-10-01')).toBeNull();
  });
});

describe('position on a date', () => {
  const rules: PositionRules = { renewalWindowDays: 60, inductionWeeks: 8, requiresVerification: false, renewAfterElection: false };
  const done = (completedOn: string, expiresOn: string | null, verified = true): Completion => ({ completedOn, expiresOn, verified });

  test('valid, then due soon inside the window, then lapsed the day after its last valid day', () => {
    const completions = [done('2024-09-02', '2027-09-02')];
    const at = (on: string) => trainingPosition({ completions, requiredSince: '2022-05-05', electedOn: null, rules, on });
    expect(at('2027-07-03')).toMatchObject({ state: 'VALID', validUntil: '2027-09-02', dueBy: '2027-09-02', windowOpensOn: '2027-07-04' });
    expect(at('2027-07-04').state).toBe('DUE_SOON');
    expect(at('2027-09-02').state).toBe('DUE_SOON');
    expect(at('2027-09-03')).toMatchObject({ state: 'LAPSED', overdue: true });
  });

  test('never done: due by the induction deadline, overdue after it', () => {
    const at = (on: string) => trainingPosition({ completions: [], requiredSince: '2026-05-07', electedOn: null, rules, on });
    expect(at('2026-07-02')).toMatchObject({ state: 'NEVER_DONE', dueBy: '2026-07-02', overdue: false });
    expect(at('2026-07-03')).toMatchObject({ state: 'NEVER_DONE', overdue: true });
  });

  test('the completion valid longest counts, and an unverified one does not where the course needs an officer to verify it', () => {
    const completions = [done('2025-01-10', '2028-01-10'), done('2026-03-01', '2029-03-01', false)];
    expect(
      trainingPosition({
        completions,
        requiredSince: '2022-05-05',
        electedOn: null,
        rules: { ...rules, requiresVerification: true },
        on: '2026-06-01',
      }),
    ).toMatchObject({
      state: 'VALID',
      validUntil: '2028-01-10',
      awaitingVerification: true,
    });
    expect(trainingPosition({ completions, requiredSince: '2022-05-05', electedOn: null, rules, on: '2026-06-01' }).validUntil).toBe(
      '2029-03-01',
    );
  });

  test('a completion before the latest election does not count for a course renewed after elections', () => {
    const position = trainingPosition({
      completions: [done('2022-06-01', null)],
      requiredSince: '2026-05-07',
      electedOn: '2026-05-07',
      rules: { ...rules, renewAfterElection: true },
      on: '2026-06-01',
    });
    expect(position).toMatchObject({ state: 'NEVER_DONE', dueBy: '2026-07-02' });
  });
});

describe('steps', () => {
  test('renewal: reminders at 09:00 London time before expiry, officers at the last reminder, lapse at midnight after', () => {
    const position = trainingPosition({
      completions: [{ completedOn: '2024-04-02', expiresOn: '2027-04-02', verified: true }],
      requiredSince: '2022-05-05',
      electedOn: null,
      rules: { renewalWindowDays: 60, inductionWeeks: null, requiresVerification: false, renewAfterElection: false },
      on: '2027-01-10',
    });
    const steps = trainingSteps(position, [60, 30, 7], 'Europe/London');
    expect(steps.map((step) => `${step.kind} ${step.key} ${london(step.at)}`)).toEqual([
      'REMIND_MEMBER 60d 01/02/2027, 09:00',
      'REMIND_MEMBER 30d 03/03/2027, 09:00',
      'REMIND_MEMBER 7d 26/03/2027, 09:00',
      'TELL_OFFICERS officers 26/03/2027, 09:00',
      'LAPSE lapsed 03/04/2027, 00:00',
    ]);
  });

  test('induction: reminders before the deadline, officers the morning after it is missed', () => {
    const position = trainingPosition({
      completions: [],
      requiredSince: '2026-05-07',
      electedOn: null,
      rules: { renewalWindowDays: 60, inductionWeeks: 8, requiresVerification: false, renewAfterElection: false },
      on: '2026-05-07',
    });
    expect(trainingSteps(position, [14, 3], 'Europe/London').map((step) => `${step.kind} ${london(step.at)}`)).toEqual([
      'REMIND_MEMBER 18/06/2026, 09:00',
      'REMIND_MEMBER 29/06/2026, 09:00',
      'TELL_OFFICERS 03/07/2026, 09:00',
    ]);
  });
});
