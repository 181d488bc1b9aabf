import { ApplicationFailure } from '@temporalio/common';

import { addDays, addMonths, formatDate, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { nextMeetingAfter, reportDueOn } from '../../domain/reports/due';
import type { ReportGenerator } from '../../domain/reports/generators';
import { reportReminders, type ReportReminder } from '../../domain/reports/reminders';
import {
  lastCompletedPeriod,
  previousPeriod,
  reportingPeriodContaining,
  type ReportCadence,
  type ReportingPeriod,
} from '../../domain/reports/periods';
import { isBankHoliday } from '../../domain/working-days';
import type { Council, ReportDuty } from '../../prisma/generated/client';
import type { DutyActivityDependencies } from '../dependencies';
import { reportGenerators } from './generators';

export interface PreparedReport {
  reportId: string;
  version: number;
  /** False when this period's report already existed and was kept. */
  created: boolean;
  /** For an authored report still to come: when it is due, and the reminder plan. */
  awaiting: AwaitedReport | null;
}

export interface AwaitedReport {
  dueOn: IsoDate;
  /** Working days before the due date, as the duty plans them. */
  reminderDays: number[];
  /**
   * The day each reminder goes, in working days (bank holidays included), so
   * the workflow needs no holiday data. Absent from runs prepared before it was
   * added, which the workflow still replays.
   */
  reminders?: ReportReminder[];
  zone: string;
}

function awaitedReport(dueOn: IsoDate, reminderDays: number[], zone: string): AwaitedReport {
  return { dueOn, reminderDays, reminders: reportReminders(dueOn, reminderDays, isBankHoliday), zone };
}

/** A period's report: generated and stored, or opened for its owner to write. */
export function createReportPreparationActivities({ db }: DutyActivityDependencies) {
  const generators = reportGenerators(db);

  /** The period a run covers: the one just ended (or the one asked for); for a one-off duty, from its date to its deadline. */
  function periodOf(duty: ReportDuty & { council: Council }, today: IsoDate, periodStart?: IsoDate): ReportingPeriod {
    if (duty.cadence === 'ONE_OFF') {
      const from = fromDbDate(duty.oneOffFrom!);
      return { start: from, end: addMonths(from, duty.oneOffMonths!), label: `within ${duty.oneOffMonths} months of ${formatDate(from)}` };
    }
    const cadence = duty.cadence as ReportCadence;
    const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
    return periodStart
      ? reportingPeriodContaining(periodStart, cadence, duty.yearBasis, starts)
      : lastCompletedPeriod(today, cadence, duty.yearBasis, starts);
  }

  return {
    /**
     * Builds and stores a duty's report for a period: by default the last one
     * completed at `asOf`. Asking again for a period already reported keeps the
     * stored report, unless `regenerate` asks for a new version.
     */
    async prepareReport(input: {
      dutyId: string;
      asOf: string;
      workflowId: string;
      periodStart?: string;
      regenerate?: boolean;
    }): Promise<PreparedReport> {
      const duty = await db.reportDuty.findUniqueOrThrow({ where: { id: input.dutyId }, include: { council: true, panel: true } });
      const zone = duty.council.timeZone;
      const period = periodOf(duty, localDateOf(new Date(input.asOf), zone), input.periodStart);
      const latest = await db.report.findFirst({
        where: { dutyId: duty.id, periodStart: toDbDate(period.start) },
        orderBy: { version: 'desc' },
      });
      const awaitingOf = (report: { id: string; status: string; dueOn: Date | null }) =>
        duty.authoring === 'AUTHORED' && report.status === 'DUE' ? awaitedReport(fromDbDate(report.dueOn!), duty.reminderDays, zone) : null;
      if (latest && !input.regenerate)
        return { reportId: latest.id, version: latest.version, created: false, awaiting: awaitingOf(latest) };

      const meetings = await db.panelMeeting.findMany({
        where: { panelId: duty.panelId, status: 'SCHEDULED' },
        select: { id: true, startsAt: true },
      });
      const meetingOn = nextMeetingAfter(
        meetings.map((meeting) => localDateOf(meeting.startsAt, zone)),
        duty.cadence === 'ONE_OFF' ? addDays(period.end, -1) : period.end,
      );
      const meeting = meetings.find((candidate) => localDateOf(candidate.startsAt, zone) === meetingOn);
      const dueOn = duty.cadence === 'ONE_OFF' ? period.end : reportDueOn(meetingOn, duty.dueWorkingDaysBeforeMeeting, period.end);
      const common = {
        councilId: duty.councilId,
        dutyId: duty.id,
        meetingId: meeting?.id ?? null,
        periodStart: toDbDate(period.start),
        periodEnd: toDbDate(period.end),
        version: (latest?.version ?? 0) + 1,
        dueOn: toDbDate(dueOn),
        workflowId: input.workflowId,
      };
      if (duty.authoring === 'AUTHORED') {
        const report = await db.report.create({ data: { ...common, status: 'DUE' } });
        return { reportId: report.id, version: report.version, created: true, awaiting: awaitingOf(report) };
      }
      const generator = duty.generator ? generators[duty.generator as ReportGenerator] : undefined;
      if (!generator)
        throw ApplicationFailure.nonRetryable(`Report duty ${duty.key} has no generator this engine knows (${duty.generator ?? 'none'}).`);
      const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
      const rendered = await generator({
        councilId: duty.councilId,
        councilName: duty.council.name,
        period,
        previous: previousPeriod(period, duty.cadence as ReportCadence, duty.yearBasis, starts),
      });
      const report = await db.report.create({
        data: { ...common, status: 'SUBMITTED', html: rendered.html, csv: rendered.csv, pdf: new Uint8Array(rendered.pdf) },
      });
      return { reportId: report.id, version: report.version, created: true, awaiting: null };
    },

    /** The days an authored report's reminders go, for a run prepared before `prepareReport` worked them out. */
    async reportReminderDates(input: { dueOn: IsoDate; reminderDays: number[] }): Promise<ReportReminder[]> {
      return reportReminders(input.dueOn, input.reminderDays, isBankHoliday);
    },

    /** Whether an authored report is in, for a workflow that may have missed the signal. */
    async reportSubmissionState(reportId: string): Promise<{ submitted: boolean }> {
      const report = await db.report.findUniqueOrThrow({ where: { id: reportId }, select: { status: true } });
      return { submitted: report.status !== 'DUE' };
    },
  };
}
