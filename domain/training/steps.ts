import { addDays, instantAt, MORNING, type IsoDate } from '../calendar';
import type { TrainingPosition } from './position';

export type TrainingStepKind = 'REMIND_MEMBER' | 'TELL_OFFICERS' | 'LAPSE';

export interface TrainingStep {
  kind: TrainingStepKind;
  /** Unique within a due date: "60d", "officers", "lapsed". */
  key: string;
  at: Date;
  dueBy: IsoDate;
  daysBefore: number;
}

/**
 * What happens, and when, for a required course: the member is reminded on the
 * plan's days before the due date, at 09:00 London time; the officers are told
 * at the last reminder for a renewal, or the morning after a missed induction
 * deadline; a completion that expires lapses at midnight after its last day.
 * Steps whose time has passed are the workflow's to judge: late reminders are
 * dropped, late notices to officers and of lapse are still sent (once).
 */
export function trainingSteps(position: TrainingPosition, reminderDays: readonly number[], zone: string): TrainingStep[] {
  if (!position.required || position.dueBy === null) return [];
  const dueBy = position.dueBy;
  const lapse: TrainingStep = { kind: 'LAPSE', key: 'lapsed', at: instantAt(addDays(dueBy, 1), '00:00', zone), dueBy, daysBefore: 0 };
  // Already lapsed: only the lapse notice, which the workflow sends once even though its time has passed.
  if (position.state === 'LAPSED') return [lapse];
  const days = [...new Set(reminderDays)].sort((a, b) => b - a);
  const steps: TrainingStep[] = days.map((daysBefore) => ({
    kind: 'REMIND_MEMBER',
    key: `${daysBefore}d`,
    at: instantAt(addDays(dueBy, -daysBefore), MORNING, zone),
    dueBy,
    daysBefore,
  }));
  if (position.state === 'NEVER_DONE') {
    steps.push({ kind: 'TELL_OFFICERS', key: 'officers', at: instantAt(addDays(dueBy, 1), MORNING, zone), dueBy, daysBefore: -1 });
  } else {
    const last = days.at(-1) ?? 0;
    steps.push({ kind: 'TELL_OFFICERS', key: 'officers', at: instantAt(addDays(dueBy, -last), MORNING, zone), dueBy, daysBefore: last });
    steps.push(lapse);
  }
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}
