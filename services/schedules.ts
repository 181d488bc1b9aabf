import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleOptionsAction,
  type ScheduleSpec,
} from '@temporalio/client';

import { ENGLISH_YEAR_STARTS, periodStartMonths, type ReportCadence } from '../domain/reports/periods';
import { panelReport, reportDutyScheduleId } from '../workflows/panel-report';
import { pledgeYear, pledgeYearScheduleId } from '../workflows/pledge-campaign';
import type { ServiceDependencies } from './context';

const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/**
 * 07:00 local time on the first day of each new period: after midnight so the
 * period has ended, and outside the 01:00–02:00 hour the clocks skip or repeat.
 */
export function reportScheduleSpec(
  cadence: ReportCadence,
  basis: 'MUNICIPAL' | 'FINANCIAL',
  timeZone: string,
  starts = ENGLISH_YEAR_STARTS,
): ScheduleSpec {
  return {
    calendars: [
      {
        month: periodStartMonths(cadence, basis, starts).map((month) => MONTH_NAMES[month - 1]!),
        dayOfMonth: 1,
        hour: 7,
        minute: 0,
        comment: `${cadence.toLowerCase()} ${basis.toLowerCase()} report, for the period just ended`,
      },
    ],
    timezone: timeZone,
  };
}

type Field = string | number | { start: string | number; end?: string | number; step?: number };

/** Expands a calendar field (a value, a range, or a list of them) into its values, so a spec and its description compare equal. */
function expand(field: Field | Field[] | undefined, order: readonly (string | number)[]): string {
  if (field === undefined || field === '*') return String(field);
  const values = new Set<string | number>();
  for (const item of Array.isArray(field) ? field : [field]) {
    if (typeof item !== 'object') values.add(item);
    else {
      const from = order.indexOf(item.start);
      const to = order.indexOf(item.end ?? item.start);
      for (let index = from; index <= (to < from ? from : to); index += Math.max(1, item.step ?? 1)) values.add(order[index]!);
    }
  }
  return [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(',');
}

const numbers = Array.from({ length: 60 }, (_, index) => index);

type CalendarFields = Partial<Record<'month' | 'dayOfMonth' | 'hour' | 'minute', unknown>>;

function calendarsFingerprint(calendars: readonly CalendarFields[] | undefined): string {
  return JSON.stringify(
    (calendars ?? []).map((calendar) => [
      expand(calendar.month as Field[], MONTH_NAMES),
      expand(calendar.dayOfMonth as Field[], numbers),
      expand(calendar.hour as Field[], numbers),
      expand(calendar.minute as Field[], numbers),
    ]),
  );
}

export interface ScheduleSync {
  created: string[];
  updated: string[];
  deleted: string[];
}

const POLICIES = {
  // A run still going when the next is due (after a long outage) is followed by the next, never run beside it.
  overlap: ScheduleOverlapPolicy.BUFFER_ONE,
  // After an outage, a run missed in the last week still happens.
  catchupWindow: '7 days',
};

type ScheduleOutcome = 'created' | 'updated' | 'deleted' | 'unchanged';

/**
 * Makes one schedule match what the database says: created when missing,
 * updated when its calendar or zone changed, deleted when no longer wanted
 * (`spec` null). Idempotent.
 */
async function upsertSchedule(
  deps: ServiceDependencies,
  scheduleId: string,
  wanted: { spec: ScheduleSpec; action: ScheduleOptionsAction; memo: Record<string, string> } | null,
): Promise<ScheduleOutcome> {
  const handle = deps.temporal.schedule.getHandle(scheduleId);
  const existing = await handle.describe().catch((error: unknown) => {
    if (error instanceof ScheduleNotFoundError) return null;
    throw error;
  });
  if (!wanted) {
    if (!existing) return 'unchanged';
    await handle.delete();
    return 'deleted';
  }
  if (!existing) {
    try {
      await deps.temporal.schedule.create({ scheduleId, spec: wanted.spec, action: wanted.action, policies: POLICIES, memo: wanted.memo });
    } catch (error) {
      // A sync running at the same moment (two duties registered at once) created it from the same rows.
      if (error instanceof ScheduleAlreadyRunning) return 'unchanged';
      throw error;
    }
    return 'created';
  }
  if (
    calendarsFingerprint(existing.spec.calendars) === calendarsFingerprint(wanted.spec.calendars) &&
    existing.spec.timezone === wanted.spec.timezone
  ) {
    return 'unchanged';
  }
  await handle.update((previous) => ({ ...previous, spec: wanted.spec, policies: { ...previous.policies, ...POLICIES } }));
  return 'updated';
}

const record = (sync: ScheduleSync, outcome: ScheduleOutcome, name: string) => {
  if (outcome !== 'unchanged') sync[outcome].push(name);
};

/**
 * One Temporal Schedule per active periodic report duty (generated or
 * authored; one-off duties run once, see reports.ts), made to match the
 * database: created when missing, updated when the cadence changed, deleted
 * when the duty was switched off. Safe to run at every start-up; after a
 * change, `dutyIds` limits it to the duties changed.
 */
export async function syncReportSchedules(deps: ServiceDependencies, dutyIds?: readonly string[]): Promise<ScheduleSync> {
  const duties = await deps.db.reportDuty.findMany({
    where: { cadence: { not: 'ONE_OFF' }, ...(dutyIds && { id: { in: [...dutyIds] } }) },
    include: { council: { select: { timeZone: true, municipalYearStartMonth: true, financialYearStartMonth: true } } },
  });
  const result: ScheduleSync = { created: [], updated: [], deleted: [] };
  for (const duty of duties) {
    const scheduleId = reportDutyScheduleId(duty.id);
    const starts = { MUNICIPAL: duty.council.municipalYearStartMonth, FINANCIAL: duty.council.financialYearStartMonth };
    const wanted = duty.active && {
      spec: reportScheduleSpec(duty.cadence as ReportCadence, duty.yearBasis, duty.council.timeZone, starts),
      action: {
        type: 'startWorkflow' as const,
        workflowType: panelReport,
        args: [{ dutyId: duty.id }],
        taskQueue: deps.taskQueue,
        workflowId: scheduleId,
      },
      memo: { duty: duty.key },
    };
    record(result, await upsertSchedule(deps, scheduleId, wanted || null), duty.key);
  }
  return result;
}

/**
 * Each council's pledge year: on the first day of its municipal year, at
 * 07:00 local time, the new year's pledge is drafted from the last one for an
 * officer to confirm and date.
 */
export async function syncPledgeSchedules(deps: ServiceDependencies): Promise<ScheduleSync> {
  const councils = await deps.db.council.findMany({ select: { id: true, slug: true, timeZone: true, municipalYearStartMonth: true } });
  const result: ScheduleSync = { created: [], updated: [], deleted: [] };
  for (const council of councils) {
    const scheduleId = pledgeYearScheduleId(council.id);
    const spec: ScheduleSpec = {
      calendars: [
        {
          month: MONTH_NAMES[council.municipalYearStartMonth - 1]!,
          dayOfMonth: 1,
          hour: 7,
          minute: 0,
          comment: 'the municipal year begins: draft its pledge',
        },
      ],
      timezone: council.timeZone,
    };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: pledgeYear,
      args: [{ councilId: council.id }],
      taskQueue: deps.taskQueue,
      workflowId: scheduleId,
    };
    record(
      result,
      await upsertSchedule(deps, scheduleId, { spec, action, memo: { council: council.slug } }),
      `pledge-year:${council.slug}`,
    );
  }
  return result;
}
