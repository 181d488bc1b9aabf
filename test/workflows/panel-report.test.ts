import type { TestWorkflowEnvironment } from '@temporalio/testing';

import type { ReportActivities } from '../../activities/reports';
import { LONDON, localDateOf, type IsoDate } from '../../domain/calendar';
import { reportDueOn } from '../../domain/reports/due';
import { lastCompletedPeriod, reportingPeriodContaining, type ReportingPeriod } from '../../domain/reports/periods';
import { reportReminders } from '../../domain/reports/reminders';
import { isBankHoliday } from '../../domain/working-days';
import { panelReport, reportApproved, reportDutyScheduleId, reportSubmitted, type PanelReportInput } from '../../workflows';
import { createJournal, londonInstant, onServerFrom, sleepUntil, utcMinutesOf, withWorker } from './support/workflow-clock';

/** The panel's distribution list; the relay refuses one address for good. */
const DISTRIBUTION = ['chair@council.example', 'clerk@council.example', 'member@council.example', 'old-address@council.example'];
const REFUSED = 'old-address@council.example';

/** The report goes to the panel's meeting on Thursday 15 April 2027, due ten working days before: Thursday 1 April, before Easter. */
const MEETING_ON = '2027-04-15';
const DUE_WORKING_DAYS_BEFORE_MEETING = 10;

interface FakeReport {
  id: string;
  period: ReportingPeriod;
  version: number;
  status: 'DUE' | 'SUBMITTED' | 'AWAITING_APPROVAL' | 'CIRCULATED';
  dueOn: IsoDate;
  approved: boolean;
}

/**
 * One quarterly report duty (municipal quarters) in memory, behind
 * activities typed from the real factory: generated (built at once) or
 * authored (awaiting its owner, reminded on the given working days). A
 * `preparedBeforeReminderDates` run's preparation leaves the reminder days
 * out, as it did before the activity worked them out. A duty with
 * `reviewReminderDays` asks for review before circulation.
 */
function fakeReportDuty(
  options: ({ authored: false } | { authored: true; reminderDays: number[]; preparedBeforeReminderDates?: boolean }) & {
    reviewReminderDays?: number[];
  },
) {
  const journal = createJournal();
  const reports: FakeReport[] = [];
  const report = (id: string) => reports.find((candidate) => candidate.id === id)!;
  const stillDue = (id: string) => report(id).status === 'DUE';

  const activities: ReportActivities = {
    async prepareReport({ asOf, workflowId, periodStart, regenerate }) {
      const period = periodStart
        ? reportingPeriodContaining(periodStart, 'QUARTERLY', 'MUNICIPAL')
        : lastCompletedPeriod(localDateOf(new Date(asOf), LONDON), 'QUARTERLY', 'MUNICIPAL');
      const latest = reports.filter((candidate) => candidate.period.start === period.start).at(-1);
      const kept = latest && !regenerate;
      const prepared: FakeReport = kept
        ? latest
        : {
            id: `${period.start}-v${(latest?.version ?? 0) + 1}`,
            period,
            version: (latest?.version ?? 0) + 1,
            status: options.authored ? 'DUE' : 'SUBMITTED',
            dueOn: reportDueOn(MEETING_ON, DUE_WORKING_DAYS_BEFORE_MEETING, period.end),
            approved: false,
          };
      if (!kept) reports.push(prepared);
      const due = options.authored ? `, due ${prepared.dueOn}` : '';
      journal.note(`${kept ? 'kept' : 'prepared'} ${prepared.period.label} v${prepared.version}${due}, for ${workflowId}`);
      const awaiting =
        options.authored && prepared.status === 'DUE'
          ? {
              dueOn: prepared.dueOn,
              reminderDays: options.reminderDays,
              ...(!options.preparedBeforeReminderDates && {
                reminders: reportReminders(prepared.dueOn, options.reminderDays, isBankHoliday),
              }),
              zone: LONDON,
            }
          : null;
      return { reportId: prepared.id, version: prepared.version, created: !kept, awaiting };
    },
    async reportReminderDates({ dueOn, reminderDays }) {
      journal.note('asked for the reminder days');
      return reportReminders(dueOn, reminderDays, isBankHoliday);
    },
    async reportSubmissionState(reportId) {
      journal.note(`looked again: ${stillDue(reportId) ? 'not submitted' : 'submitted'}`);
      return { submitted: !stillDue(reportId) };
    },
    async remindReportOwner({ reportId, daysBefore }) {
      if (stillDue(reportId)) journal.note(`owner reminded, ${daysBefore} working day(s) before it is due`);
      return { submitted: !stillDue(reportId) };
    },
    async escalateLateReport(reportId) {
      if (stillDue(reportId)) journal.note('late: the panel chair, the clerk and the owner told');
      return { submitted: !stillDue(reportId) };
    },
    async requestReportApproval(reportId) {
      const asked = report(reportId);
      if (!options.reviewReminderDays || asked.approved) return null;
      asked.status = 'AWAITING_APPROVAL';
      journal.note('democratic services asked to approve it');
      return { dueOn: asked.dueOn, reminders: reportReminders(asked.dueOn, options.reviewReminderDays, isBankHoliday), zone: LONDON };
    },
    async remindReportApprover({ reportId, daysBefore }) {
      if (!report(reportId).approved)
        journal.note(`democratic services reminded to approve it, ${daysBefore} working day(s) before it is due`);
      return { approved: report(reportId).approved };
    },
    async escalateUnapprovedReport(reportId) {
      if (!report(reportId).approved) journal.note('not approved: democratic services, the clerk and the chair told');
      return { approved: report(reportId).approved };
    },
    async reportApprovalState(reportId) {
      journal.note(`looked again: ${report(reportId).approved ? 'approved' : 'not approved'}`);
      return { approved: report(reportId).approved };
    },
    async circulateReport(reportId) {
      const circulated = report(reportId);
      circulated.status = 'CIRCULATED';
      journal.note(`circulated ${circulated.period.label} v${circulated.version} to the panel`);
      const delivered = DISTRIBUTION.filter((address) => address !== REFUSED).length;
      return { sent: delivered, failed: DISTRIBUTION.length - delivered };
    },
  };
  return {
    activities,
    journal,
    /** The owner submits through their link: recorded as Postgres would record it. */
    submit: (reportId: string) => void (report(reportId).status = 'SUBMITTED'),
    /** An officer approves it on its page: recorded as Postgres would record it. */
    approve: (reportId: string) => Object.assign(report(reportId), { approved: true, status: 'SUBMITTED' }),
  };
}

/** A run as the duty's Schedule starts it: its ID followed by the scheduled time ("…-2027-02-01T07:00:00Z"). */
const scheduledRunId = (dutyId: string, londonTime: string) =>
  `${reportDutyScheduleId(dutyId)}-${londonInstant(londonTime).toISOString().slice(0, 19)}Z`;
/** A run an officer asks for. */
const officerRunId = (dutyId: string) => `${reportDutyScheduleId(dutyId)}:officer:1`;

function startRun(env: TestWorkflowEnvironment, taskQueue: string, workflowId: string, input: PanelReportInput) {
  return env.client.workflow.start(panelReport, { workflowId, taskQueue, args: [input] });
}

test('a generated report is built for the quarter just ended, as of the run’s own time, and circulated at once; an officer’s regeneration circulates a new version', async () => {
  await onServerFrom('2027-02-01 07:00', async (env) => {
    const fake = fakeReportDuty({ authored: false });

    const results = await withWorker(env, fake.activities, async (taskQueue) => {
      const scheduled = await startRun(env, taskQueue, scheduledRunId('reg33-summary', '2027-02-01 07:00'), { dutyId: 'reg33-summary' });
      // Two days later an officer corrects a visit and asks for the quarter again.
      await sleepUntil(env, '2027-02-03 10:00');
      const regenerated = await startRun(env, taskQueue, officerRunId('reg33-summary'), {
        dutyId: 'reg33-summary',
        periodStart: '2026-11-01',
        regenerate: true,
      });
      await env.sleep('1 minute');
      return Promise.all([scheduled.result(), regenerated.result()]);
    });

    expect(fake.journal.lines()).toEqual([
      '2027-02-01 07:00 prepared Q3 2026/27 v1, for report-duty:reg33-summary-2027-02-01T07:00:00Z',
      '2027-02-01 07:00 circulated Q3 2026/27 v1 to the panel',
      '2027-02-03 10:00 prepared Q3 2026/27 v2, for report-duty:reg33-summary:officer:1',
      '2027-02-03 10:00 circulated Q3 2026/27 v2 to the panel',
    ]);
    expect(results).toEqual([
      { reportId: '2026-11-01-v1', version: 1, sent: 3, failed: 1 },
      { reportId: '2026-11-01-v2', version: 2, sent: 3, failed: 1 },
    ]);
  });
});

test('an authored report’s owner is reminded at 09:00 London on the planned working days before it is due, skipping Easter and across the clock change, and submitting it stops the reminders and circulates it at once', async () => {
  await onServerFrom('2027-02-01 07:00', async (env) => {
    const fake = fakeReportDuty({ authored: true, reminderDays: [10, 3, 1] });

    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const run = await startRun(env, taskQueue, scheduledRunId('virtual-school-head', '2027-02-01 07:00'), {
        dutyId: 'virtual-school-head',
      });
      // The owner submits the afternoon before it is due; the submission tells the workflow.
      await sleepUntil(env, '2027-03-31 16:30');
      fake.submit('2026-11-01-v1');
      await run.signal(reportSubmitted);
      await sleepUntil(env, '2027-04-10 00:00');
      return run.result();
    });

    // Ten working days before Thursday 1 April is Tuesday 16 March, three is Thursday 25 March
    // (Good Friday and Easter Monday are not working days), one is Wednesday 31 March.
    expect(fake.journal.lines()).toEqual([
      '2027-02-01 07:00 prepared Q3 2026/27 v1, due 2027-04-01, for report-duty:virtual-school-head-2027-02-01T07:00:00Z',
      '2027-03-16 09:00 owner reminded, 10 working day(s) before it is due',
      '2027-03-25 09:00 owner reminded, 3 working day(s) before it is due',
      '2027-03-31 09:00 owner reminded, 1 working day(s) before it is due',
      '2027-03-31 16:30 circulated Q3 2026/27 v1 to the panel',
    ]);
    // The clocks went forward on Sunday 28 March: 09:00 in London is 09:00 UTC before and 08:00 UTC after.
    expect(utcMinutesOf(fake.journal, ['owner reminded, 3 working', 'owner reminded, 1 working'])).toEqual({
      'owner reminded, 3 working': '2027-03-25 09:00',
      'owner reminded, 1 working': '2027-03-31 08:00',
    });
    expect(result).toEqual({ reportId: '2026-11-01-v1', version: 1, sent: 3, failed: 1 });
  });
});

test('a run prepared before the activity worked out the reminder days asks for them, and its owner is reminded on working days, not weekdays', async () => {
  await onServerFrom('2027-03-22 10:00', async (env) => {
    const fake = fakeReportDuty({ authored: true, reminderDays: [3], preparedBeforeReminderDates: true });

    await withWorker(env, fake.activities, async (taskQueue) => {
      const run = await startRun(env, taskQueue, officerRunId('virtual-school-head'), {
        dutyId: 'virtual-school-head',
        periodStart: '2026-11-01',
      });
      await sleepUntil(env, '2027-03-30 12:00');
      fake.submit('2026-11-01-v1');
      await run.signal(reportSubmitted);
      return run.result();
    });

    // Three weekdays before Thursday 1 April would be Easter Monday; three working days is Thursday 25 March.
    expect(fake.journal.lines()).toEqual([
      '2027-03-22 10:00 prepared Q3 2026/27 v1, due 2027-04-01, for report-duty:virtual-school-head:officer:1',
      '2027-03-22 10:00 asked for the reminder days',
      '2027-03-25 09:00 owner reminded, 3 working day(s) before it is due',
      '2027-03-30 12:00 circulated Q3 2026/27 v1 to the panel',
    ]);
  });
});

test('a run that starts late skips the reminders already past, escalates the morning after the due date, and circulates a submission whose signal was lost when it next looks, a week later', async () => {
  await onServerFrom('2027-03-22 10:00', async (env) => {
    const fake = fakeReportDuty({ authored: true, reminderDays: [10, 3, 1] });

    const result = await withWorker(env, fake.activities, async (taskQueue) => {
      const run = await startRun(env, taskQueue, officerRunId('virtual-school-head'), {
        dutyId: 'virtual-school-head',
        periodStart: '2026-11-01',
      });
      // The owner submits through their link the Tuesday after Easter, but the signal never reaches the workflow.
      await sleepUntil(env, '2027-04-06 11:00');
      fake.submit('2026-11-01-v1');
      await sleepUntil(env, '2027-04-10 00:00');
      return run.result();
    });

    expect(fake.journal.lines()).toEqual([
      '2027-03-22 10:00 prepared Q3 2026/27 v1, due 2027-04-01, for report-duty:virtual-school-head:officer:1',
      '2027-03-25 09:00 owner reminded, 3 working day(s) before it is due',
      '2027-03-31 09:00 owner reminded, 1 working day(s) before it is due',
      '2027-04-02 09:00 late: the panel chair, the clerk and the owner told',
      '2027-04-09 09:00 looked again: submitted',
      '2027-04-09 09:00 circulated Q3 2026/27 v1 to the panel',
    ]);
    expect(result).toMatchObject({ version: 1, sent: 3, failed: 1 });
  });
});

describe('a duty that asks for review before circulation', () => {
  test('holds the generated report back, reminds democratic services on working days, tells the clerk and the chair the morning after it is due, and circulates it once an officer approves it', async () => {
    await onServerFrom('2027-02-01 07:00', async (env) => {
      const fake = fakeReportDuty({ authored: false, reviewReminderDays: [10, 3] });

      const result = await withWorker(env, fake.activities, async (taskQueue) => {
        const run = await startRun(env, taskQueue, scheduledRunId('reg33-summary', '2027-02-01 07:00'), { dutyId: 'reg33-summary' });
        await sleepUntil(env, '2027-04-06 14:15');
        fake.approve('2026-11-01-v1');
        await run.signal(reportApproved);
        await sleepUntil(env, '2027-04-10 00:00');
        return run.result();
      });

      expect(fake.journal.lines()).toEqual([
        '2027-02-01 07:00 prepared Q3 2026/27 v1, for report-duty:reg33-summary-2027-02-01T07:00:00Z',
        '2027-02-01 07:00 democratic services asked to approve it',
        '2027-03-16 09:00 democratic services reminded to approve it, 10 working day(s) before it is due',
        '2027-03-25 09:00 democratic services reminded to approve it, 3 working day(s) before it is due',
        '2027-04-02 09:00 not approved: democratic services, the clerk and the chair told',
        '2027-04-06 14:15 circulated Q3 2026/27 v1 to the panel',
      ]);
      expect(result).toEqual({ reportId: '2026-11-01-v1', version: 1, sent: 3, failed: 1 });
    });
  });

  test('an approval whose signal was lost is found when the run looks again, a week after escalating', async () => {
    await onServerFrom('2027-03-22 10:00', async (env) => {
      const fake = fakeReportDuty({ authored: false, reviewReminderDays: [10, 3] });

      await withWorker(env, fake.activities, async (taskQueue) => {
        const run = await startRun(env, taskQueue, officerRunId('reg33-summary'), { dutyId: 'reg33-summary', periodStart: '2026-11-01' });
        await sleepUntil(env, '2027-04-05 12:00');
        fake.approve('2026-11-01-v1');
        await sleepUntil(env, '2027-04-12 00:00');
        return run.result();
      });

      // The ten-working-day reminder's day had passed when the run began: it is not sent late.
      expect(fake.journal.lines()).toEqual([
        '2027-03-22 10:00 prepared Q3 2026/27 v1, for report-duty:reg33-summary:officer:1',
        '2027-03-22 10:00 democratic services asked to approve it',
        '2027-03-25 09:00 democratic services reminded to approve it, 3 working day(s) before it is due',
        '2027-04-02 09:00 not approved: democratic services, the clerk and the chair told',
        '2027-04-09 09:00 looked again: approved',
        '2027-04-09 09:00 circulated Q3 2026/27 v1 to the panel',
      ]);
    });
  });
});
