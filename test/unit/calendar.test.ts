import {
  addMonths,
  financialYearOf,
  formatDate,
  formatDateTime,
  instantAt,
  localDateOf,
  municipalYearOf,
  quarterOf,
} from '../../domain/calendar';
import { addWorkingDays, bankHolidaysIn, isWorkingDay } from '../../domain/working-days';

describe('dates people read', () => {
  test('every date says its weekday, in UK order', () => {
    expect(formatDate('2026-11-23')).toBe('Monday 23 November 2026');
    expect(formatDate('2028-02-29')).toBe('Tuesday 29 February 2028');
  });

  test('a time is shown in London time either side of the clocks changing', () => {
    expect(formatDateTime(new Date('2026-10-24T17:30:00Z'))).toBe('Saturday 24 October 2026 at 6:30pm');
    expect(formatDateTime(new Date('2026-10-25T18:30:00Z'))).toBe('Sunday 25 October 2026 at 6:30pm');
    expect(formatDateTime(new Date('2027-01-19T14:00:00Z'))).toBe('Tuesday 19 January 2027 at 2pm');
  });

  test('the local date of an instant late in a BST evening is the London date, not the UTC one', () => {
    expect(localDateOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(localDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('local times across DST', () => {
  test('18:30 in summer is 17:30 UTC and in winter 18:30 UTC', () => {
    expect(instantAt('2026-06-16', '18:30').toISOString()).toBe('2026-06-16T17:30:00.000Z');
    expect(instantAt('2026-12-08', '18:30').toISOString()).toBe('2026-12-08T18:30:00.000Z');
  });

  test('a time in the spring-forward gap moves forward, as a wall clock does', () => {
    expect(instantAt('2027-03-28', '01:30').toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });
});

describe('month ends', () => {
  test('adding a month to 31 January lands on the last day of February, 29th in a leap year', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });
});

describe('municipal, financial years and quarters', () => {
  test('the municipal year runs May to April', () => {
    expect(municipalYearOf('2027-04-30')).toMatchObject({ start: '2026-05-01', end: '2027-04-30', label: '2026/27' });
    expect(municipalYearOf('2027-05-01')).toMatchObject({ start: '2027-05-01', label: '2027/28' });
  });

  test('the financial year runs April to March', () => {
    expect(financialYearOf('2027-03-31')).toMatchObject({ start: '2026-04-01', end: '2027-03-31', label: '2026/27' });
  });

  test('November is Q3 of the municipal year but Q3 of the financial year too, with different bounds', () => {
    expect(quarterOf('2026-11-23', 'MUNICIPAL')).toMatchObject({ number: 3, start: '2026-11-01', end: '2027-01-31', label: 'Q3 2026/27' });
    expect(quarterOf('2026-11-23', 'FINANCIAL')).toMatchObject({ number: 3, start: '2026-10-01', end: '2026-12-31' });
    expect(quarterOf('2027-04-15', 'MUNICIPAL')).toMatchObject({ number: 4, start: '2027-02-01', end: '2027-04-30' });
  });
});

describe('bank holidays and working days in England', () => {
  test('substitute days and one-off holidays are bank holidays', () => {
    expect(bankHolidaysIn(2026)).toEqual(
      new Set(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']),
    );
    expect(bankHolidaysIn(2022).has('2022-09-19')).toBe(true);
    expect(bankHolidaysIn(2023).has('2023-05-08')).toBe(true);
  });

  test('observances such as Mothering Sunday are not holidays from work', () => {
    expect(isWorkingDay('2026-03-16')).toBe(true);
    expect(bankHolidaysIn(2026).has('2026-03-15')).toBe(false);
  });

  test('working days skip the weekend and the Christmas bank holidays', () => {
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2027-01-04', -3)).toBe('2026-12-29');
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
  });
});
