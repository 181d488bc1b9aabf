import type { Client, WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';

import type { FindingActivities } from '../../activities/findings';
import type { createPanelActivities } from '../../activities/reports/meetings';
import type { PledgeActivities } from '../../activities/pledge';
import type { ReportActivities } from '../../activities/reports';
import type { TrainingActivities } from '../../activities/training';
import type { VisitActivities, VisitPeriodPlan, VisitSnapshot } from '../../activities/visits';
import { addDays, addMonths, instantAt, LONDON, localDateOf, startOfMonth, type IsoDate } from '../../domain/calendar';
import { actionSteps } from '../../domain/findings/actions';
import { reportReminders } from '../../domain/reports/reminders';
import type { TrainingPosition } from '../../domain/training/position';
import type { VisitPeriod } from '../../domain/visits/periods';
import { addWorkingDays, isBankHoliday } from '../../domain/working-days';
import type { ActionStatus } from '../../prisma/generated/client';
import {
  assignmentAnswered,
  findingAction,
  findingActionChanged,
  findingActionWorkflowId,
  panelMeetingInvites,
  panelMeetingInvitesWorkflowId,
  panelReport,
  pledgeCampaign,
  pledgeCampaignChanged,
  pledgeCampaignWorkflowId,
  pledgeYear,
  programmeChanged,
  reportApproved,
  reportSubmitted,
  trainingChanged,
  trainingRenewal,
  trainingWorkflowId,
  visitProgramme,
  visitProgrammeWorkflowId,
  visitReported,
  reportReviewChanged,
  visitReportReview,
  visitReportReviewWorkflowId,
} from '../../workflows';
import { fakeReportReview, type ReviewChange } from '../support/fake-report-review';

/** What a scenario can do on the time-skipping server. Each scenario gets a server of its own, its clock at "now". */
export interface RecordingSession {
  /** A client whose identity is the recorder's. */
  client: Client;
  /** Today in London on the server's clock. */
  today(): Promise<IsoDate>;
  /** Moves the server's clock to a London time, running every timer on the way, and lets the work they started finish. */
  skipTo(date: IsoDate, time?: string): Promise<void>;
  /** Runs `drive` while a worker with these activities polls a task queue of its own. */
  withWorker<T>(activities: object, drive: (taskQueue: string) => Promise<T>): Promise<T>;
  /** The history of a run: by default the workflow's latest, which may still be running. */
  history(workflowId: string, runId?: string): Promise<History>;
}

/** One history to commit: written to test/histories/<its workflow type>/<name>.json. */
export interface RecordedRun {
  name: string;
  history: History;
}

export type Scenario = (session: RecordingSession) => Promise<RecordedRun[]>;

// Activities are in-memory stand-ins typed from the real factories, so every
// payload has the real shape. Like the real ones, they return IDs, dates,
// counts and settings: nothing personal.

const sent = (id: string) => ({ notificationId: `notification-${id}`, status: 'SENT' as const });

/** The history of a run once it has ended. */
async function finished(name: string, handle: WorkflowHandle): Promise<RecordedRun> {
  await handle.result();
  return { name, history: await handle.fetchHistory() };
}

const panelMeetingInvitesToThree: Scenario = async (session) => {
  const activities: ReturnType<typeof createPanelActivities> = {
    listMeetingInvitees: async () => ['distribution-1', 'distribution-2', 'distribution-3'],
    sendMeetingInvite: async ({ distributionId }) =>
      distributionId === 'distribution-3' ? { notificationId: `notification-${distributionId}`, status: 'FAILED' } : sent(distributionId),
  };
  return session.withWorker(activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(panelMeetingInvites, {
      workflowId: panelMeetingInvitesWorkflowId('meeting-1'),
      taskQueue,
      args: [{ meetingId: 'meeting-1' }],
    });
    return [await finished('three-invitees-one-address-refused', handle)];
  });
};

const pledgeYearDrafted: Scenario = async (session) => {
  const activities: Pick<PledgeActivities, 'openPledgeYear'> = { openPledgeYear: async () => 'pledge-2' };
  return session.withWorker(activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(pledgeYear, {
      workflowId: 'pledge-year:council-1',
      taskQueue,
      args: [{ councilId: 'council-1' }],
    });
    return [await finished('next-year-drafted', handle)];
  });
};

type ReportTimeline = { dueOn: IsoDate; reminderDays: number[] };

/**
 * A panel report: generated at once, or authored and awaited with reminders, escalation and a weekly recheck;
 * with `review`, held back for an officer's approval with reminders and escalation of its own.
 */
function fakeReports(awaiting: ReportTimeline | null, review: ReportTimeline | null = null) {
  const report = { submitted: false, approved: false };
  const activities: ReportActivities = {
    prepareReport: async () => ({
      reportId: 'report-1',
      version: 1,
      created: true,
      awaiting: awaiting && { ...awaiting, reminders: reportReminders(awaiting.dueOn, awaiting.reminderDays, isBankHoliday), zone: LONDON },
    }),
    reportReminderDates: async ({ dueOn, reminderDays }) => reportReminders(dueOn, reminderDays, isBankHoliday),
    reportSubmissionState: async () => ({ submitted: report.submitted }),
    remindReportOwner: async () => ({ submitted: report.submitted }),
    escalateLateReport: async () => ({ submitted: report.submitted }),
    circulateReport: async () => ({ sent: 3, failed: 0 }),
    requestReportApproval: async () =>
      review && { dueOn: review.dueOn, reminders: reportReminders(review.dueOn, review.reminderDays, isBankHoliday), zone: LONDON },
    remindReportApprover: async () => ({ approved: report.approved }),
    escalateUnapprovedReport: async () => ({ approved: report.approved }),
    reportApprovalState: async () => ({ approved: report.approved }),
  };
  return { report, activities };
}

const generatedReport: Scenario = async (session) => {
  const fake = fakeReports(null);
  return session.withWorker(fake.activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(panelReport, {
      workflowId: 'report-duty:duty-1-scheduled',
      taskQueue,
      args: [{ dutyId: 'duty-1' }],
    });
    return [await finished('generated-and-circulated', handle)];
  });
};

/** A generated report whose duty asks for review: reminded 10 and 3 working days before it is due, escalated, approved a week late. */
const generatedReportReviewed: Scenario = async (session) => {
  const dueOn = addDays(await session.today(), 28);
  const fake = fakeReports(null, { dueOn, reminderDays: [10, 3] });
  return session.withWorker(fake.activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(panelReport, {
      workflowId: 'report-duty:duty-3-scheduled',
      taskQueue,
      args: [{ dutyId: 'duty-3' }],
    });
    await session.skipTo(addDays(dueOn, 7));
    fake.report.approved = true;
    await handle.signal(reportApproved);
    return [await finished('generated-reviewed-reminded-escalated-approved', handle)];
  });
};

/** An authored report due in four weeks, submitted on the day `submittedOn` picks from its timeline. */
function authoredReport(name: string, submittedOn: (dueOn: IsoDate, firstReminderOn: IsoDate) => IsoDate): Scenario {
  return async (session) => {
    const dueOn = addDays(await session.today(), 28);
    const reminderDays = [10, 3];
    const fake = fakeReports({ dueOn, reminderDays });
    const firstReminderOn = addWorkingDays(dueOn, -Math.max(...reminderDays));
    return session.withWorker(fake.activities, async (taskQueue) => {
      const handle = await session.client.workflow.start(panelReport, {
        workflowId: `report-duty:duty-2-${name}`,
        taskQueue,
        args: [{ dutyId: 'duty-2' }],
      });
      await session.skipTo(submittedOn(dueOn, firstReminderOn));
      fake.report.submitted = true;
      await handle.signal(reportSubmitted);
      return [await finished(name, handle)];
    });
  };
}

/** A member's position on a course, as the real activity works it out from their records on a day. */
function fakeTraining(reminderDays: number[], initial: Omit<TrainingPosition, 'state' | 'overdue' | 'awaitingVerification'>) {
  const course = { ...initial };
  const positionOn = (day: IsoDate): TrainingPosition => {
    const state =
      course.lastCompletedOn === null
        ? 'NEVER_DONE'
        : course.validUntil !== null && day > course.validUntil
          ? 'LAPSED'
          : course.windowOpensOn !== null && day >= course.windowOpensOn
            ? 'DUE_SOON'
            : 'VALID';
    return {
      ...course,
      state,
      overdue: state === 'NEVER_DONE' && course.dueBy !== null && day > course.dueBy,
      awaitingVerification: false,
    };
  };
  const activities: TrainingActivities = {
    reviewTraining: async ({ asOf }) => ({ position: positionOn(localDateOf(new Date(asOf))), reminderDays, zone: LONDON }),
    remindMemberAboutTraining: async ({ step }) => sent(`training-${step}`),
    alertOfficersAboutTraining: async () => undefined,
    noteTrainingLapsed: async () => undefined,
  };
  return { course, activities };
}

const inductionMissedThenCompleted: Scenario = async (session) => {
  const today = await session.today();
  const dueBy = addDays(today, 30);
  const fake = fakeTraining([14, 3], { required: true, lastCompletedOn: null, validUntil: null, dueBy, windowOpensOn: null });
  const input = { memberId: 'member-1', courseId: 'course-induction' };
  const workflowId = trainingWorkflowId(input.memberId, input.courseId);
  return session.withWorker(fake.activities, async (taskQueue) => {
    // As services/duty-signals.ts starts it: signal-with-start.
    const handle = await session.client.workflow.signalWithStart(trainingRenewal, {
      workflowId,
      taskQueue,
      args: [input],
      signal: trainingChanged,
    });
    // Reminded 14 and 3 days before the deadline; the officers told the morning after it.
    // The member completes it: the run continues as new, and the new one has nothing due.
    await session.skipTo(addDays(dueBy, 3));
    Object.assign(fake.course, { lastCompletedOn: addDays(dueBy, 3), dueBy: null });
    await handle.signal(trainingChanged);
    await session.skipTo(addDays(dueBy, 4));
    return [
      { name: 'induction-missed-then-completed', history: await session.history(workflowId, handle.signaledRunId) },
      { name: 'induction-completed-waiting', history: await session.history(workflowId) },
    ];
  });
};

const renewalLapsedThenNotRequired: Scenario = async (session) => {
  const today = await session.today();
  const expiresOn = addDays(today, 70);
  const fake = fakeTraining([60, 30], {
    required: true,
    lastCompletedOn: addDays(addMonths(expiresOn, -36), 1),
    validUntil: expiresOn,
    dueBy: expiresOn,
    windowOpensOn: addDays(expiresOn, -90),
  });
  const input = { memberId: 'member-2', courseId: 'course-dbs' };
  return session.withWorker(fake.activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(trainingRenewal, {
      workflowId: trainingWorkflowId(input.memberId, input.courseId),
      taskQueue,
      args: [input],
    });
    // A seat change that does not alter the position: the workflow looks again and carries on.
    await session.skipTo(addDays(today, 20));
    await handle.signal(trainingChanged);
    // Reminded 60 and 30 days before, the officers told at the last reminder, lapsed at midnight after expiry.
    await session.skipTo(addDays(expiresOn, 5));
    // The member leaves the pool that required it.
    fake.course.required = false;
    await handle.signal(trainingChanged);
    return [await finished('renewal-reminded-lapsed-then-not-required', handle)];
  });
};

type Assignment = VisitSnapshot['assignments'][number];

/** One programme's visits. Invitees answer as `answerOnInvite` says (by invitation number), or later as the scenario says. */
function fakeVisits(settings: {
  cadenceMonths: number;
  reminderDays: number[];
  responseDays: number;
  /** The period a run started without one is given: the one containing the day it starts. */
  firstPeriod: VisitPeriod;
  answerOnInvite: (invitation: number) => Assignment['status'];
}) {
  const programme = { status: 'ACTIVE' as VisitSnapshot['programmeStatus'] };
  const visits = new Map<string, { status: VisitSnapshot['visitStatus']; assignments: Assignment[] }>();
  let invitations = 0;
  const visit = (visitId: string) => visits.get(visitId)!;
  const assignment = (assignmentId: string) =>
    [...visits.values()].flatMap((each) => each.assignments).find((candidate) => candidate.id === assignmentId)!;
  const active = (candidate: Assignment) => candidate.status === 'INVITED' || candidate.status === 'ACCEPTED';

  const activities: VisitActivities = {
    async openVisitPeriod({ periodStart }): Promise<VisitPeriodPlan> {
      if (programme.status === 'STOPPED') return { state: 'STOPPED' };
      const { cadenceMonths, reminderDays, responseDays } = settings;
      const period = periodStart ? { start: periodStart, end: addDays(addMonths(periodStart, cadenceMonths), -1) } : settings.firstPeriod;
      if (programme.status === 'PAUSED') return { state: 'PAUSED', period, zone: LONDON, cadenceMonths };
      const visitId = `visit-${period.start}`;
      const existing = visits.get(visitId);
      if (!existing) visits.set(visitId, { status: 'UNALLOCATED', assignments: [] });
      else if (existing.status === 'CANCELLED') existing.status = 'UNALLOCATED';
      return { state: 'OPEN', visitId, period, zone: LONDON, reminderDays, responseDays, cadenceMonths };
    },
    reviewVisit: async (visitId) => ({
      visitStatus: visit(visitId).status,
      programmeStatus: programme.status,
      assignments: visit(visitId).assignments.map((each) => ({ ...each })),
    }),
    async allocateVisit({ visitId, asOf }) {
      const current = visit(visitId);
      if (current.assignments.some(active)) return { invited: [], shortfall: 0 };
      invitations += 1;
      const invited = { id: `assignment-${invitations}`, status: 'INVITED' as const, invitedAt: asOf };
      current.assignments.push(invited);
      current.status = 'ALLOCATED';
      return { invited: [invited.id], shortfall: 0 };
    },
    async sendVisitInvite(assignmentId) {
      assignment(assignmentId).status = settings.answerOnInvite(Number(assignmentId.split('-')[1]));
      return sent(assignmentId);
    },
    sendVisitReminders: async ({ visitId }) => visit(visitId).assignments.filter(active).length,
    async withdrawInvitation({ assignmentId, because }) {
      if (because === 'NO_ANSWER') assignment(assignmentId).status = 'LAPSED';
      return { withdrawn: true };
    },
    async cancelOpenVisit(visitId) {
      const current = visit(visitId);
      current.status = 'CANCELLED';
      for (const each of current.assignments.filter(active)) each.status = 'WITHDRAWN';
    },
    async closeVisitPeriod(visitId) {
      const current = visit(visitId);
      if (current.status === 'ALLOCATED') current.status = 'MISSED';
      return { outcome: current.status, consecutiveMisses: current.status === 'MISSED' ? 1 : 0 };
    },
  };
  return { programme, visit, assignment, activities };
}

const monthly = { cadenceMonths: 1, responseDays: 5 };

const visitDeclinedReplacedReported: Scenario = async (session) => {
  const periodStart = addMonths(startOfMonth(await session.today()), 1);
  const periodEnd = addDays(addMonths(periodStart, 1), -1);
  // Visitors answer when the scenario says.
  const fake = fakeVisits({
    ...monthly,
    reminderDays: [14, 7],
    firstPeriod: { start: periodStart, end: periodEnd },
    answerOnInvite: () => 'INVITED',
  });
  const workflowId = visitProgrammeWorkflowId('establishment-1');
  return session.withWorker(fake.activities, async (taskQueue) => {
    // Started ahead of its period (as continue-as-new does at midnight): it waits for the period to open.
    const handle = await session.client.workflow.start(visitProgramme, {
      workflowId,
      taskQueue,
      args: [{ programmeId: 'programme-1', periodStart }],
    });
    await session.skipTo(addDays(periodStart, 1));
    fake.assignment('assignment-1').status = 'DECLINED';
    await handle.signal(assignmentAnswered, { assignmentId: 'assignment-1' });
    await session.skipTo(addDays(periodStart, 2));
    fake.assignment('assignment-2').status = 'ACCEPTED';
    await handle.signal(assignmentAnswered, { assignmentId: 'assignment-2' });
    // Reminded 14 days before the period ends; the visitor reports before the 7-day reminder.
    await session.skipTo(addDays(periodEnd, -13));
    const visitId = `visit-${periodStart}`;
    fake.visit(visitId).status = 'REPORTED';
    await handle.signal(visitReported, { visitId });
    // At midnight after the period, continue-as-new: the next run opens the next period and invites its visitor.
    await session.skipTo(addDays(periodEnd, 2));
    return [
      { name: 'declined-replaced-reported', history: await session.history(workflowId, handle.firstExecutionRunId) },
      { name: 'next-period-awaiting-answer', history: await session.history(workflowId) },
    ];
  });
};

const visitUnansweredReplacedMissed: Scenario = async (session) => {
  const start = addDays(await session.today(), -30);
  const end = addDays(addMonths(start, 3), -1);
  const fake = fakeVisits({
    cadenceMonths: 3,
    responseDays: 5,
    // The first reminder's day passed before the programme started: it is not sent late.
    reminderDays: [75, 14, 3],
    firstPeriod: { start, end },
    // The first visitor never answers; the second accepts.
    answerOnInvite: (invitation) => (invitation === 1 ? 'INVITED' : 'ACCEPTED'),
  });
  return session.withWorker(fake.activities, async (taskQueue) => {
    // Started mid-period by an officer: the first run takes the period containing today.
    const handle = await session.client.workflow.start(visitProgramme, {
      workflowId: visitProgrammeWorkflowId('establishment-2'),
      taskQueue,
      args: [{ programmeId: 'programme-2' }],
    });
    // Replaced at the response deadline; reminded 14 and 3 days before the end; nobody reports, so the visit is missed.
    await session.skipTo(addDays(end, 2));
    return [{ name: 'unanswered-replaced-then-missed', history: await session.history(handle.workflowId, handle.firstExecutionRunId) }];
  });
};

const visitPausedResumedStopped: Scenario = async (session) => {
  const today = await session.today();
  const fake = fakeVisits({
    ...monthly,
    reminderDays: [7],
    firstPeriod: { start: today, end: addDays(addMonths(today, 1), -1) },
    answerOnInvite: () => 'ACCEPTED',
  });
  return session.withWorker(fake.activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(visitProgramme, {
      workflowId: visitProgrammeWorkflowId('establishment-3'),
      taskQueue,
      args: [{ programmeId: 'programme-3', periodStart: today }],
    });
    for (const [days, status] of [
      [3, 'PAUSED'],
      [8, 'ACTIVE'],
      [10, 'STOPPED'],
    ] as const) {
      await session.skipTo(addDays(today, days));
      fake.programme.status = status;
      await handle.signal(programmeChanged);
    }
    return [await finished('paused-resumed-then-stopped', handle)];
  });
};

const pledgeCampaignToClose: Scenario = async (session) => {
  const today = await session.today();
  const eventDay = addDays(today, 10);
  const meetingOn = addDays(today, 60);
  let membersToInvite = 3;
  const activities: Omit<PledgeActivities, 'openPledgeYear'> = {
    loadPledgeCampaign: async () => ({
      status: 'OPEN',
      settings: {
        eventStartsAt: instantAt(eventDay, '17:30').toISOString(),
        eventReminderDays: [7, 1],
        chaseEveryDays: 7,
        chaseRounds: 2,
        firstCouncilMeetingOn: meetingOn,
        commitmentReminderOn: addWorkingDays(meetingOn, -10),
        yearEnd: addDays(today, 150),
        zone: LONDON,
      },
    }),
    async invitePledgeMembers() {
      const invited = membersToInvite;
      membersToInvite = 0;
      return invited;
    },
    remindPledgeEvent: async () => 3,
    chasePledgeSigners: async ({ round }) => 3 - round,
    listPledgeNonSigners: async () => undefined,
    remindCommitmentRenewal: async () => undefined,
    checkCommitmentRenewal: async () => undefined,
    closePledge: async () => undefined,
  };
  return session.withWorker(activities, async (taskQueue) => {
    // As services/pledge.ts starts it when the officer confirms: signal-with-start.
    const handle = await session.client.workflow.signalWithStart(pledgeCampaign, {
      workflowId: pledgeCampaignWorkflowId('pledge-1'),
      taskQueue,
      args: [{ pledgeId: 'pledge-1' }],
      signal: pledgeCampaignChanged,
    });
    // A member joins the council after the event and is invited.
    await session.skipTo(addDays(eventDay, 3));
    membersToInvite = 1;
    await handle.signal(pledgeCampaignChanged);
    // Chases, the list of non-signers, the commitment reminder and check, and the close after the year ends.
    await session.skipTo(addDays(today, 151), '01:00');
    return [await finished('invited-reminded-chased-closed', handle)];
  });
};

/** An action as the real review works it out: its status, due date and reopenings. */
function fakeAction(dueOn: IsoDate) {
  const action = { status: 'OPEN' as ActionStatus, dueOn, round: 0 };
  const activities: Pick<FindingActivities, 'reviewFindingAction' | 'takeFindingActionStep'> = {
    reviewFindingAction: async () => ({ ...action, steps: actionSteps(action.dueOn, action.round, LONDON) }),
    takeFindingActionStep: async () => undefined,
  };
  return { action, activities };
}

const actionEscalatedThenDone: Scenario = async (session) => {
  const today = await session.today();
  const fake = fakeAction(addWorkingDays(today, 20));
  const workflowId = findingActionWorkflowId('action-1');
  return session.withWorker(fake.activities, async (taskQueue) => {
    const handle = await session.client.workflow.start(findingAction, { workflowId, taskQueue, args: [{ actionId: 'action-1' }] });
    // The owner sends an update; reminded before and on the due date; the officers, then the lead member, told.
    await session.skipTo(addDays(today, 7));
    await handle.signal(findingActionChanged);
    await session.skipTo(addWorkingDays(fake.action.dueOn, 7));
    fake.action.status = 'DONE';
    await handle.signal(findingActionChanged);
    return [await finished('escalated-then-done', handle)];
  });
};

const actionClosedReopenedClosed: Scenario = async (session) => {
  const today = await session.today();
  const fake = fakeAction(addWorkingDays(today, 5));
  const input = { actionId: 'action-2' };
  const workflowId = findingActionWorkflowId(input.actionId);
  return session.withWorker(fake.activities, async (taskQueue) => {
    const start = () =>
      session.client.workflow.signalWithStart(findingAction, { workflowId, taskQueue, args: [input], signal: findingActionChanged });
    const first = await start();
    await session.skipTo(addDays(today, 2));
    fake.action.status = 'CLOSED';
    await first.signal(findingActionChanged);
    await session.skipTo(addDays(today, 3));
    // Reopened with a new due date, as the officer's page does: signal-with-start begins a new run.
    Object.assign(fake.action, { status: 'OPEN', dueOn: addWorkingDays(today, 30), round: 1 });
    const second = await start();
    await session.skipTo(addDays(today, 10));
    fake.action.status = 'CLOSED';
    await second.signal(findingActionChanged);
    await session.skipTo(addDays(today, 11));
    return [
      { name: 'closed-early', history: await session.history(workflowId, first.signaledRunId) },
      { name: 'reopened-then-closed', history: await session.history(workflowId, second.signaledRunId) },
    ];
  });
};
/**
 * A visit report's review, as services/visits/visits.ts starts it and the
 * officer's, visitor's and manager's use cases signal it.
 */
const reportReview =
  (name: string, steps: Array<{ afterDays: number; change: ReviewChange }>, options: { actionIds: string[] }): Scenario =>
  async (session) => {
    const today = await session.today();
    const fake = fakeReportReview({ hasManager: true, actionIds: options.actionIds });
    const reportId = `report-${name}`;
    return session.withWorker(fake.activities, async (taskQueue) => {
      const handle = await session.client.workflow.start(visitReportReview, {
        workflowId: visitReportReviewWorkflowId(reportId),
        taskQueue,
        args: [{ reportId }],
      });
      for (const step of steps) {
        const on = addDays(today, step.afterDays);
        await session.skipTo(on, '10:00');
        fake.change(step.change, instantAt(on, '10:00'));
        await handle.signal(reportReviewChanged);
      }
      // Past every window, so the run has ended before its result is awaited.
      await session.skipTo(addDays(today, 40));
      return [await finished(name, handle)];
    });
  };

/** Every scenario the recorder runs, one server each. */
export const scenarios: Scenario[] = [
  panelMeetingInvitesToThree,
  pledgeYearDrafted,
  pledgeCampaignToClose,
  generatedReport,
  generatedReportReviewed,
  authoredReport('authored-submitted-after-first-reminder', (_dueOn, firstReminderOn) => addDays(firstReminderOn, 1)),
  // Escalated the morning after the due date, looked at again a week later (the signal may have been lost), then submitted.
  authoredReport('authored-late-escalated-rechecked-submitted', (dueOn) => addDays(dueOn, 10)),
  inductionMissedThenCompleted,
  renewalLapsedThenNotRequired,
  visitDeclinedReplacedReported,
  visitUnansweredReplacedMissed,
  visitPausedResumedStopped,
  actionEscalatedThenDone,
  actionClosedReopenedClosed,
  // Reminded and escalated, returned with a question, reminded, answered, approved with two actions; the manager reminded, then comments.
  reportReview(
    'returned-answered-approved-manager-commented',
    [
      { afterDays: 8, change: 'return' },
      { afterDays: 11, change: 'answer' },
      { afterDays: 14, change: 'approve' },
      { afterDays: 24, change: 'comment' },
    ],
    { actionIds: ['action-1', 'action-2'] },
  ),
  // Approved the next day with no actions; the manager is reminded and the window ends without a comment.
  reportReview('approved-window-ended', [{ afterDays: 1, change: 'approve' }], { actionIds: [] }),
];
