import { condition, continueAsNew, defineQuery, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

import type { VisitActivities, VisitPeriodPlan } from '../activities/visits';
import { instantAt, type IsoDate } from '../domain/calendar';
import { followingPeriod } from '../domain/visits/periods';
import { responseDeadline, visitTimetable, type VisitTimetable } from '../domain/visits/timetable';
import { dataActivityOptions, emailActivityOptions } from './activity-options';

const { openVisitPeriod, reviewVisit, allocateVisit, closeVisitPeriod, cancelOpenVisit } =
  proxyActivities<VisitActivities>(dataActivityOptions);
const { sendVisitInvite, sendVisitReminders, withdrawInvitation } = proxyActivities<VisitActivities>(emailActivityOptions);

export interface VisitProgrammeInput {
  programmeId: string;
  /** The period this run handles; absent on the first run, which takes the period containing today. */
  periodStart?: IsoDate;
}

export interface VisitProgrammeState {
  phase: 'OPENING' | 'PAUSED' | 'RUNNING' | 'WAITING_FOR_NEXT_PERIOD' | 'STOPPED';
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  visitId: string | null;
  remindersSent: string[];
}

/** A member accepted or declined (already recorded in Postgres). */
export const assignmentAnswered = defineSignal<[{ assignmentId: string }]>('assignmentAnswered');
/** A visit report was recorded (already in Postgres): reminders stop. */
export const visitReported = defineSignal<[{ visitId: string }]>('visitReported');
/** The programme was paused, resumed or stopped, or its pool or settings changed. */
export const programmeChanged = defineSignal('programmeChanged');
export const programmeState = defineQuery<VisitProgrammeState>('programmeState');

export const visitProgrammeWorkflowId = (establishmentId: string) => `visit-programme:${establishmentId}`;

type OpenPlan = Extract<VisitPeriodPlan, { state: 'OPEN' }>;

/** What the run knows between activity calls. Postgres holds the facts; signals only say "look again". */
class ProgrammeRun {
  readonly state: VisitProgrammeState = { phase: 'OPENING', periodStart: null, periodEnd: null, visitId: null, remindersSent: [] };
  private changed = false;

  noteChange(): void {
    this.changed = true;
  }

  hasChange(): boolean {
    return this.changed;
  }

  takeChange(): boolean {
    const was = this.changed;
    this.changed = false;
    return was;
  }
}

const now = () => Date.now();
const nowIso = () => new Date(now()).toISOString();

/**
 * One establishment's visits, one period per run: allocate from the pool,
 * invite, replace whoever declines or does not answer, remind on the plan,
 * stop at the report, and mark the visit missed when the period closes
 * without one. Each period ends with continue-as-new, so history stays small.
 */
export async function visitProgramme(input: VisitProgrammeInput): Promise<void> {
  const run = new ProgrammeRun();
  setHandler(assignmentAnswered, () => run.noteChange());
  setHandler(visitReported, () => run.noteChange());
  setHandler(programmeChanged, () => run.noteChange());
  setHandler(programmeState, () => run.state);

  const open = () =>
    openVisitPeriod({
      programmeId: input.programmeId,
      asOf: nowIso(),
      periodStart: input.periodStart ?? run.state.periodStart ?? undefined,
    });
  let plan = await open();
  if (plan.state === 'STOPPED') {
    run.state.phase = 'STOPPED';
    return;
  }
  const { period, zone, cadenceMonths } = plan;
  Object.assign(run.state, { periodStart: period.start, periodEnd: period.end });
  const closesAt = visitTimetable(period, [], zone).closesAt.getTime();
  // A run started ahead of its period (continue-as-new at midnight, or an officer starting early) waits for it.
  const opensAt = instantAt(period.start, '00:00', zone).getTime();
  if (opensAt > now()) await sleep(opensAt - now());

  for (;;) {
    if (plan.state === 'PAUSED') {
      run.state.phase = 'PAUSED';
      run.takeChange();
      if (!(await condition(() => run.hasChange(), Math.max(1, closesAt - now())))) break;
    } else {
      run.state.phase = 'RUNNING';
      run.state.visitId = plan.visitId;
      if ((await runVisit(run, plan)) !== 'PAUSED') break;
    }
    plan = await open();
    if (plan.state === 'STOPPED') {
      run.state.phase = 'STOPPED';
      return;
    }
  }

  run.state.phase = 'WAITING_FOR_NEXT_PERIOD';
  if (closesAt > now()) await sleep(closesAt - now());
  await continueAsNew<typeof visitProgramme>({ programmeId: input.programmeId, periodStart: followingPeriod(period, cadenceMonths).start });
}

/** The event loop of one open visit. Returns when it is reported, closed at the period's end, or paused. */
async function runVisit(run: ProgrammeRun, plan: OpenPlan): Promise<'REPORTED' | 'CLOSED' | 'PAUSED'> {
  const timetable: VisitTimetable = visitTimetable(plan.period, plan.reminderDays, plan.zone);
  const deadlineOf = (invitedAt: string) => responseDeadline(new Date(invitedAt), plan.responseDays, plan.zone).getTime();
  const withdrawn = new Set<string>();
  // Reminders whose time had passed before the visit opened (a programme started mid-period) are not sent late.
  for (const slot of timetable.reminders) {
    if (slot.at.getTime() <= now() && !run.state.remindersSent.includes(slot.key)) run.state.remindersSent.push(slot.key);
  }

  let firstLook = true;
  for (;;) {
    const signalled = run.takeChange();
    let visit = await reviewVisit(plan.visitId);
    if (visit.visitStatus === 'REPORTED') return 'REPORTED';
    if (visit.programmeStatus !== 'ACTIVE') {
      await cancelOpenVisit(plan.visitId);
      return 'PAUSED';
    }
    if (now() >= timetable.closesAt.getTime()) {
      await closeVisitPeriod(plan.visitId);
      return 'CLOSED';
    }

    let withdrewSomeone = false;
    for (const assignment of visit.assignments) {
      if (withdrawn.has(assignment.id)) continue;
      const noAnswer = assignment.status === 'INVITED' && now() >= deadlineOf(assignment.invitedAt);
      if (assignment.status === 'DECLINED' || assignment.status === 'LAPSED' || noAnswer) {
        await withdrawInvitation({ assignmentId: assignment.id, because: assignment.status === 'DECLINED' ? 'DECLINED' : 'NO_ANSWER' });
        withdrawn.add(assignment.id);
        withdrewSomeone = true;
      }
    }
    if (firstLook || withdrewSomeone || signalled) {
      const { invited } = await allocateVisit({ visitId: plan.visitId, asOf: nowIso() });
      for (const assignmentId of invited) await sendVisitInvite(assignmentId);
      if (invited.length) visit = await reviewVisit(plan.visitId);
    }
    firstLook = false;

    for (const slot of timetable.reminders) {
      if (now() >= slot.at.getTime() && !run.state.remindersSent.includes(slot.key)) {
        await sendVisitReminders({ visitId: plan.visitId, slot: slot.key, daysLeft: slot.daysBefore });
        run.state.remindersSent.push(slot.key);
      }
    }

    const wakeTimes = [
      timetable.closesAt.getTime(),
      ...timetable.reminders.filter((slot) => !run.state.remindersSent.includes(slot.key)).map((slot) => slot.at.getTime()),
      ...visit.assignments
        .filter((assignment) => assignment.status === 'INVITED' && !withdrawn.has(assignment.id))
        .map((assignment) => deadlineOf(assignment.invitedAt)),
    ];
    await condition(() => run.hasChange(), Math.max(1, Math.min(...wakeTimes) - now()));
  }
}
