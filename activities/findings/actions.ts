import { actionDueOn, actionSteps, type ActionStep } from '../../domain/findings/actions';
import { addDays, formatDate, fromDbDate, localDateOf, toDbDate, type IsoDate } from '../../domain/calendar';
import { actionOwner, recordActionUpdateOnce } from '../../db/findings/actions';
import { renderEmail } from '../../email/layout';
import { actionReminder, overdueActionAlert, type ActionEmailContext } from '../../email/templates/finding-actions';
import type { ActionStatus } from '../../prisma/generated/client';
import { signedLinkUrl, type DutyActivityDependencies } from '../dependencies';

/** An owner's link works for this long after the reminder that carries it. */
const OWNER_LINK_DAYS = 30;

export interface FindingActionReview {
  status: ActionStatus;
  dueOn: IsoDate;
  /** Every step of the current due date and round, whether or not its time has come. */
  steps: ActionStep[];
}

/** An action and what emails about it need: its council, its owner, and the words. */
async function loadAction({ db }: DutyActivityDependencies, actionId: string) {
  const action = await db.findingAction.findUniqueOrThrow({ where: { id: actionId } });
  const council = await db.council.findUniqueOrThrow({ where: { id: action.councilId } });
  const home = await db.establishment.findUniqueOrThrow({ where: { id: action.establishmentId } });
  const owner = await actionOwner(db, action);
  const ctx: ActionEmailContext = {
    councilName: council.name,
    establishmentName: home.name,
    description: action.description,
    dueOn: fromDbDate(action.dueOn),
    ownerName: owner.name,
  };
  return { action, council, owner, ctx };
}
type LoadedAction = Awaited<ReturnType<typeof loadAction>>;

/** Reminds the owner with a link of their own (an owner without an address is the officers' to sort out); returns the history's note. */
async function remindOwner(
  deps: DutyActivityDependencies,
  { action, council, owner, ctx }: LoadedAction,
  step: ActionStep,
): Promise<string> {
  if (!owner.email) {
    await deps.alertOfficers({
      councilId: action.councilId,
      key: `finding-action:${action.id}:${step.key}:no-owner-address`,
      alert: {
        subject: `No address to remind the owner of an action for ${ctx.establishmentName}`,
        preview: 'The home has no manager’s email address on record.',
        paragraphs: [
          `The action “${ctx.description}” is due by ${formatDate(ctx.dueOn)}, and its owner (${owner.name}) has no email address on record.`,
          'Add the manager’s address on the home’s page, or give the action to another owner.',
        ],
      },
    });
    return `Could not remind ${owner.name}: no email address on record; democratic services were told`;
  }
  const expiresOn = addDays(step.on, OWNER_LINK_DAYS);
  const url = signedLinkUrl(
    deps,
    'a',
    { purpose: 'action', councilId: action.councilId, subjectId: action.id, memberId: owner.linkHolder },
    expiresOn,
    council.timeZone,
  );
  await deps.outbox.send({
    councilId: action.councilId,
    idempotencyKey: `finding-action:${action.id}:${step.key}:to:${owner.email}`,
    kind: 'finding-action.reminder',
    to: { address: owner.email, name: owner.name },
    email: renderEmail(actionReminder(ctx, { url, expiresOn }, step.key.endsWith('remind-due') ? 'DUE' : 'BEFORE'), {
      signOff: `Democratic Services, ${council.name}`,
    }),
  });
  return `Reminded ${owner.name}`;
}

/** Still overdue: the officers again, with the lead member of each corporate parenting panel; returns the history's note. */
async function tellLeadMembers(deps: DutyActivityDependencies, { action, ctx }: LoadedAction, step: ActionStep, detailsUrl: string) {
  const panels = await deps.db.panel.findMany({
    where: { councilId: action.councilId, kind: 'CORPORATE_PARENTING', leadMemberId: { not: null } },
    include: { leadMember: true },
  });
  const leads = panels.flatMap((panel) => (panel.leadMember ? [panel.leadMember] : []));
  await deps.alertOfficers({
    councilId: action.councilId,
    key: `finding-action:${action.id}:${step.key}`,
    alert: overdueActionAlert(ctx, 'LEAD_MEMBER', detailsUrl),
    alsoTo: leads.map((lead) => ({ address: lead.email, name: `${lead.givenName} ${lead.familyName}` })),
  });
  return leads.length
    ? 'Still overdue: the lead member and democratic services were told'
    : 'Still overdue: democratic services were told (no lead member is set on a corporate parenting panel)';
}

/** Actions raised from a visit report's issues and recommendations, and what chases each one. */
export function createActionActivities(deps: DutyActivityDependencies) {
  const { db, alertOfficers, clock } = deps;

  return {
    /** Raises one action per issue and recommendation of an approved report (again: none twice); returns their IDs. */
    async openReportActions(reportId: string): Promise<string[]> {
      const report = await db.visitReport.findUniqueOrThrow({
        where: { id: reportId },
        include: { issues: true, recommendations: true, visit: { include: { council: true } } },
      });
      const { council, establishmentId } = report.visit;
      const raisedOn = localDateOf(report.approvedAt ?? clock(), council.timeZone);
      const common = { councilId: report.councilId, establishmentId, reportId };
      await db.findingAction.createMany({
        skipDuplicates: true,
        data: [
          ...report.issues.map((issue) => ({
            ...common,
            issueId: issue.id,
            description: issue.description,
            severity: issue.severity,
            dueOn: toDbDate(actionDueOn(raisedOn, issue.severity, council)),
            // An issue put right before the report was approved is raised already closed.
            ...(issue.resolvedOn ? { status: 'CLOSED' as const, resolvedAt: issue.resolvedOn } : {}),
          })),
          ...report.recommendations.map((recommendation) => ({
            ...common,
            recommendationId: recommendation.id,
            description: recommendation.text,
            dueOn: recommendation.dueBy ?? toDbDate(actionDueOn(raisedOn, null, council)),
          })),
        ],
      });
      const actions = await db.findingAction.findMany({ where: { reportId }, orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] });
      for (const action of actions) {
        await recordActionUpdateOnce(db, 'raised', {
          councilId: action.councilId,
          actionId: action.id,
          at: action.createdAt,
          actorType: 'SYSTEM',
          kind: 'RAISED',
          note: `Raised from the visit report, due ${formatDate(fromDbDate(action.dueOn))}`,
        });
      }
      return actions.map((action) => action.id);
    },

    /** The action as it stands, and its steps (working days worked out here, where the bank holidays are). */
    async reviewFindingAction(input: { actionId: string }): Promise<FindingActionReview> {
      const action = await db.findingAction.findUniqueOrThrow({ where: { id: input.actionId } });
      const council = await db.council.findUniqueOrThrow({ where: { id: action.councilId }, select: { timeZone: true } });
      const round = await db.findingActionUpdate.count({ where: { actionId: action.id, kind: 'REOPENED' } });
      const dueOn = fromDbDate(action.dueOn);
      return { status: action.status, dueOn, steps: actionSteps(dueOn, round, council.timeZone) };
    },

    /** Takes one step of an open action, once, and notes it in the action's history. */
    async takeFindingActionStep(input: { actionId: string; step: ActionStep }): Promise<void> {
      const loaded = await loadAction(deps, input.actionId);
      if (loaded.action.status !== 'OPEN') return;
      const { step } = input;
      const detailsUrl = `${deps.publicBaseUrl}/findings/actions/${loaded.action.id}`;
      let note: string;
      if (step.kind === 'REMIND_OWNER') note = await remindOwner(deps, loaded, step);
      else if (step.kind === 'TELL_LEAD_MEMBER') note = await tellLeadMembers(deps, loaded, step, detailsUrl);
      else {
        await alertOfficers({
          councilId: loaded.action.councilId,
          key: `finding-action:${loaded.action.id}:${step.key}`,
          alert: overdueActionAlert(loaded.ctx, 'OFFICERS', detailsUrl),
        });
        note = 'Overdue: democratic services were told';
      }
      await recordActionUpdateOnce(db, step.key, {
        councilId: loaded.action.councilId,
        actionId: loaded.action.id,
        at: clock(),
        actorType: 'SYSTEM',
        kind: step.kind === 'REMIND_OWNER' ? 'REMINDED' : 'ESCALATED',
        note,
      });
    },
  };
}
