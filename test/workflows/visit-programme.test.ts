import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';

import type { VisitActivities, VisitPeriodPlan, VisitSnapshot } from '../../activities/visits';
import { addDays, addMonths, type IsoDate } from '../../domain/calendar';
import { assignmentAnswered, programmeState, visitProgramme, visitProgrammeWorkflowId, visitReported } from '../../workflows';
import { useTimeSkippingEnvironment } from '../support/time-skipping';
import { runWorkflowBundle } from '../support/workflow-bundle';
import { londonLocal, workflowNow } from './support/workflow-clock';

const ZONE = 'Europe/London';
const REMINDER_DAYS = [14, 7, 3];
const RESPONSE_DAYS = 5;

interface FakeVisit {
  id: string;
  home: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  status: VisitSnapshot['visitStatus'];
  assignments: Array<{ id: string; memberId: string; status: VisitSnapshot['assignments'][number]['status']; invitedAt: string }>;
}

/** The month from `start` at the home (its programme's id), opened once however often it is asked for. */
function openFakePeriod(visits: Map<string, FakeVisit>, home: string, start: IsoDate): VisitPeriodPlan {
  const id = `${home}:${start}`;
  if (!visits.has(id))
    visits.set(id, { id, home, periodStart: start, periodEnd: addDays(addMonths(start, 1), -1), status: 'UNALLOCATED', assignments: [] });
  return {
    state: 'OPEN',
    visitId: id,
    period: { start, end: visits.get(id)!.periodEnd },
    zone: ZONE,
    reminderDays: REMINDER_DAYS,
    responseDays: RESPONSE_DAYS,
    cadenceMonths: 1,
  };
}

/**
 * An in-memory stand-in for the visit activities, typed from the real
 * factory. Members accept when invited and report when the 7-day reminder
 * arrives, except where a scenario says otherwise.
 */
function fakeVisitActivities(
  env: () => TestWorkflowEnvironment,
  scenarios: { declinesFirst: string; ignoresFirst: string; neverReports: string },
) {
  const visits = new Map<string, FakeVisit>();
  const events: Array<{ at: string; home: string; period: IsoDate; what: string }> = [];
  let nextMember = 0;
  const log = (visit: FakeVisit, what: string) =>
    events.push({ at: londonLocal(workflowNow()), home: visit.home, period: visit.periodStart, what });
  const visitOf = (assignmentId: string) => [...visits.values()].find((visit) => visit.assignments.some((a) => a.id === assignmentId))!;
  const scenario = (visit: FakeVisit) => `${visit.home}:${visit.periodStart}`;

  const activities: Pick<
    VisitActivities,
    | 'openVisitPeriod'
    | 'reviewVisit'
    | 'allocateVisit'
    | 'sendVisitInvite'
    | 'sendVisitReminders'
    | 'withdrawInvitation'
    | 'closeVisitPeriod'
    | 'cancelOpenVisit'
  > = {
    async openVisitPeriod({ programmeId, periodStart }) {
      return openFakePeriod(visits, programmeId, periodStart!);
    },
    async reviewVisit(visitId) {
      const visit = visits.get(visitId)!;
      return { visitStatus: visit.status, programmeStatus: 'ACTIVE', assignments: visit.assignments.map((a) => ({ ...a })) };
    },
    async allocateVisit({ visitId, asOf }) {
      const visit = visits.get(visitId)!;
      if (visit.assignments.some((a) => a.status === 'INVITED' || a.status === 'ACCEPTED')) return { invited: [], shortfall: 0 };
      nextMember += 1;
      const assignment = {
        id: `${visitId}:a${visit.assignments.length + 1}`,
        memberId: `m${nextMember}`,
        status: 'INVITED' as const,
        invitedAt: asOf,
      };
      visit.assignments.push(assignment);
      visit.status = 'ALLOCATED';
      log(visit, `allocated ${assignment.id}`);
      return { invited: [assignment.id], shortfall: 0 };
    },
    async sendVisitInvite(assignmentId) {
      const visit = visitOf(assignmentId);
      const assignment = visit.assignments.find((a) => a.id === assignmentId)!;
      log(visit, `invited ${assignmentId}`);
      const first = visit.assignments[0]!.id === assignmentId;
      if (first && scenario(visit) === scenarios.declinesFirst) {
        assignment.status = 'DECLINED';
        await env().client.workflow.getHandle(visitProgrammeWorkflowId(visit.home)).signal(assignmentAnswered, { assignmentId });
      } else if (!(first && scenario(visit) === scenarios.ignoresFirst)) {
        assignment.status = 'ACCEPTED';
      }
      return { notificationId: `invite:${assignmentId}`, status: 'SENT' };
    },
    async sendVisitReminders({ visitId, slot }) {
      const visit = visits.get(visitId)!;
      log(visit, `reminder ${slot}`);
      if (slot === '7d' && scenario(visit) !== scenarios.neverReports) {
        visit.status = 'REPORTED';
        await env().client.workflow.getHandle(visitProgrammeWorkflowId(visit.home)).signal(visitReported, { visitId });
      }
      return visit.assignments.filter((a) => a.status === 'ACCEPTED' || a.status === 'INVITED').length;
    },
    async withdrawInvitation({ assignmentId, because }) {
      const visit = visitOf(assignmentId);
      const assignment = visit.assignments.find((a) => a.id === assignmentId)!;
      if (assignment.status === 'INVITED') assignment.status = 'LAPSED';
      log(visit, `withdrew ${assignmentId} (${because}), calendar cancel sent`);
      return { withdrawn: true };
    },
    async closeVisitPeriod(visitId) {
      const visit = visits.get(visitId)!;
      if (visit.status === 'ALLOCATED') visit.status = 'MISSED';
      log(visit, `closed as ${visit.status}, escalated`);
      return { outcome: visit.status, consecutiveMisses: visit.status === 'MISSED' ? 1 : 0 };
    },
    async cancelOpenVisit() {
      throw new Error('not used: the programme is never paused in this test');
    },
  };
  return { activities, visits, events };
}

const env = useTimeSkippingEnvironment();

test('a year of monthly visits for three homes: allocations, reminders on London dates, a decline, a silence and a miss', async () => {
  const homes = ['oakfield', 'willow', 'bramble'];
  const fake = fakeVisitActivities(env, {
    declinesFirst: 'oakfield:2027-02-01',
    ignoresFirst: 'willow:2027-03-01',
    neverReports: 'bramble:2027-04-01',
  });
  const taskQueue = 'visit-programme-year';
  const worker = await Worker.create({
    connection: env().nativeConnection,
    taskQueue,
    workflowBundle: runWorkflowBundle(),
    activities: fake.activities,
  });

  const firstRuns = await worker.runUntil(async () => {
    const handles = await Promise.all(
      homes.map((home) =>
        env().client.workflow.start(visitProgramme, {
          workflowId: visitProgrammeWorkflowId(home),
          taskQueue,
          args: [{ programmeId: home, periodStart: '2026-12-01' }],
        }),
      ),
    );
    // From 23 November 2026 to the last week of November 2027: twelve periods, December to November.
    await env().sleep('369 days');
    const states = await Promise.all(
      homes.map((home) => env().client.workflow.getHandle(visitProgrammeWorkflowId(home)).query(programmeState)),
    );
    const histories = await Promise.all(
      homes.map((home) => env().client.workflow.getHandle(visitProgrammeWorkflowId(home)).fetchHistory()),
    );
    return { runIds: handles.map((handle) => handle.firstExecutionRunId), states, histories };
  });

  for (const home of homes) {
    const periods = [...fake.visits.values()].filter((visit) => visit.home === home).map((visit) => visit.periodStart);
    expect(periods).toEqual(Array.from({ length: 12 }, (_, n) => addMonths('2026-12-01', n)));
  }

  // Reminders at 09:00 London time, 14 and 7 days before each period's last day; the 3-day one is never
  // sent because the report arrives on the 7-day reminder, except at Bramble in April, where nobody reports.
  const reminders = fake.events.filter((event) => event.what.startsWith('reminder'));
  for (const visit of fake.visits.values()) {
    const mine = reminders
      .filter((event) => event.home === visit.home && event.period === visit.periodStart)
      .map((event) => `${event.what} ${event.at}`);
    const expected = [14, 7, ...(visit.id === 'bramble:2027-04-01' ? [3] : [])].map(
      (days) => `reminder ${days}d ${addDays(visit.periodEnd, -days)} 09:00`,
    );
    expect(mine).toEqual(expected);
  }

  const oakfieldFebruary = fake.events
    .filter((event) => event.home === 'oakfield' && event.period === '2027-02-01')
    .map((event) => event.what);
  expect(oakfieldFebruary.slice(0, 5)).toEqual([
    'allocated oakfield:2027-02-01:a1',
    'invited oakfield:2027-02-01:a1',
    'withdrew oakfield:2027-02-01:a1 (DECLINED), calendar cancel sent',
    'allocated oakfield:2027-02-01:a2',
    'invited oakfield:2027-02-01:a2',
  ]);

  const willowMarch = fake.events.filter((event) => event.home === 'willow' && event.period === '2027-03-01');
  const silence = willowMarch.find((event) => event.what.startsWith('withdrew'))!;
  expect(silence).toEqual({
    at: '2027-03-06 09:00',
    home: 'willow',
    period: '2027-03-01',
    what: 'withdrew willow:2027-03-01:a1 (NO_ANSWER), calendar cancel sent',
  });
  expect(willowMarch.map((event) => event.what)).toContain('allocated willow:2027-03-01:a2');

  const closures = fake.events.filter((event) => event.what.startsWith('closed'));
  expect(closures).toEqual([{ at: '2027-05-01 00:00', home: 'bramble', period: '2027-04-01', what: 'closed as MISSED, escalated' }]);
  expect(fake.visits.get('bramble:2027-04-01')!.status).toBe('MISSED');

  // Continue-as-new each period keeps each run's history to one period's events (about 80),
  // where a year in one run would hold about a thousand.
  for (const [index, home] of homes.entries()) {
    expect(firstRuns.states[index]).toMatchObject({ periodStart: '2027-11-01', phase: 'WAITING_FOR_NEXT_PERIOD' });
    const events = firstRuns.histories[index]!.events ?? [];
    expect(events.length).toBeLessThan(150);
    const latest = await env().client.workflow.getHandle(visitProgrammeWorkflowId(home)).describe();
    expect(latest.runId).not.toBe(firstRuns.runIds[index]);
  }
});
