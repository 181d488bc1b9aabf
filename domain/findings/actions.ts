import { instantAt, MORNING, type IsoDate } from '../calendar';
import type { IssueSeverity } from '../reports/visit-summary';
import { addWorkingDays } from '../working-days';

// Working days here count bank holidays (date-holidays), so only activities
// import this file: the workflow is given the steps' instants.

/** The owner is reminded this many working days before the due date, and again on it. */
export const ACTION_REMINDER_WORKING_DAYS = 5;
/** An action still open this many working days after the officers were told goes to the lead member. */
export const ACTION_LEAD_MEMBER_WORKING_DAYS = 5;

export type ActionStepKind = 'REMIND_OWNER' | 'TELL_OFFICERS' | 'TELL_LEAD_MEMBER';

/** One thing the action's workflow does at 09:00 on a day: `key` names it once per due date and round. */
export interface ActionStep {
  key: string;
  kind: ActionStepKind;
  on: IsoDate;
  /** ISO 8601 instant: 09:00 on `on` in the council's zone. */
  at: string;
}

export interface ActionDueDays {
  actionWorkingDaysHigh: number;
  actionWorkingDaysMedium: number;
  actionWorkingDaysLow: number;
}

/** An issue's due date by its severity; a recommendation without a date of its own is given MEDIUM's. */
export function actionDueOn(raisedOn: IsoDate, severity: IssueSeverity | null, days: ActionDueDays): IsoDate {
  const count = { HIGH: days.actionWorkingDaysHigh, MEDIUM: days.actionWorkingDaysMedium, LOW: days.actionWorkingDaysLow }[
    severity ?? 'MEDIUM'
  ];
  return addWorkingDays(raisedOn, count);
}

/**
 * What happens to an open action, in order: the owner reminded 5 working days
 * before the due date and on it (the last working day up to it), the officers
 * told the next working day, the lead member 5 working days after that.
 * `round` counts reopenings, so a reopened action is chased afresh.
 */
export function actionSteps(dueOn: IsoDate, round: number, zone: string): ActionStep[] {
  const lastWorkingDayBy = addWorkingDays(addWorkingDays(dueOn, 1), -1);
  const officersOn = addWorkingDays(dueOn, 1);
  const step = (kind: ActionStepKind, name: string, on: IsoDate): ActionStep => ({
    key: `${round}:${dueOn}:${name}`,
    kind,
    on,
    at: instantAt(on, MORNING, zone).toISOString(),
  });
  return [
    step('REMIND_OWNER', 'remind-before', addWorkingDays(dueOn, -ACTION_REMINDER_WORKING_DAYS)),
    step('REMIND_OWNER', 'remind-due', lastWorkingDayBy),
    step('TELL_OFFICERS', 'overdue-officers', officersOn),
    step('TELL_LEAD_MEMBER', 'overdue-lead-member', addWorkingDays(officersOn, ACTION_LEAD_MEMBER_WORKING_DAYS)),
  ];
}
