import { RECORDS_INSPECTED } from '../../domain/findings/records';
import { visitReportInput } from '../../services/visits/visits';
import { reportInputFromForm } from '../../web/pages/visit-report-fields';

/** A report as the API takes it before the regulation 44 questions: what scripts written for the old form send. */
const before = { visitedOn: '2026-11-20', spokeWithChildren: true, spokeWithStaff: true };
const answers = {
  childrenSafeguarded: true,
  wellbeingPromoted: false,
  spokeWithChildrenInPrivate: true,
  recordsInspected: ['staff-rota', 'complaints'],
  noConflictDeclared: true,
};

const problemsOf = (input: unknown) => {
  const parsed = visitReportInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
};

test('a report without the regulation 44 answers is refused, each missing answer named with what to do', () => {
  expect(problemsOf(before)).toEqual([
    { field: 'childrenSafeguarded', message: 'answer yes or no: in your opinion, are children effectively safeguarded?' },
    {
      field: 'wellbeingPromoted',
      message: 'answer yes or no: in your opinion, does the conduct of the home promote children’s well-being?',
    },
    { field: 'spokeWithChildrenInPrivate', message: 'answer yes or no: did you speak with children in private, with their consent?' },
    { field: 'noConflictDeclared', message: expect.stringMatching(/^declare that you have no conflict of interest with this home/) },
  ]);
});

test('a report whose visitor does not declare "no conflict of interest" is refused, saying what to do instead', () => {
  const [problem, ...others] = problemsOf({ ...before, ...answers, noConflictDeclared: false });
  expect(others).toEqual([]);
  expect(problem).toEqual({ field: 'noConflictDeclared', message: expect.stringContaining('if you have one, do not send the report') });
});

test('records inspected are keys from the list, each unknown one named with the choices; the list is kept in the form’s order, once each', () => {
  const [problem, ...others] = problemsOf({ ...before, ...answers, recordsInspected: ['complaints', 'fire-drills'] });
  expect(others).toEqual([]);
  expect(problem!.field).toBe('recordsInspected.1');
  expect(problem!.message).toContain('choose from: complaints (Complaints), incidents (Incidents and notifications to Ofsted)');
  expect(problem!.message.split(', ')).toHaveLength(RECORDS_INSPECTED.length);

  const parsed = visitReportInput.parse({ ...before, ...answers, recordsInspected: ['staff-rota', 'complaints', 'staff-rota'] });
  expect(parsed.recordsInspected).toEqual(['complaints', 'staff-rota']);
});

test('the phone form’s radios and ticks become the same report: opinions yes or no, the ticked records, the declaration', () => {
  const form = {
    visitedOn: '2026-11-20',
    spokeWithChildren: 'yes',
    spokeWithStaff: 'no',
    childrenSafeguarded: 'yes',
    wellbeingPromoted: 'no',
    spokeWithChildrenInPrivate: 'no',
    recordsInspected: 'medication,daily-logs',
    noConflictDeclared: 'yes',
  };
  expect(visitReportInput.parse(reportInputFromForm(form).input)).toMatchObject({
    childrenSafeguarded: true,
    wellbeingPromoted: false,
    spokeWithChildrenInPrivate: false,
    recordsInspected: ['daily-logs', 'medication'],
    noConflictDeclared: true,
  });
  const unticked = reportInputFromForm({ ...form, recordsInspected: '', noConflictDeclared: undefined }).input;
  expect(problemsOf(unticked)).toEqual([{ field: 'noConflictDeclared', message: expect.stringContaining('no conflict of interest') }]);
});
