import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime, formatShortDate } from '../../../domain/calendar';
import { SEVERITY_LABELS } from '../../../domain/reports/visit-summary';
import type { ActionStatus } from '../../../prisma/generated/client';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import type { FieldProblem } from '../../../services/errors';
import {
  actionForOfficer,
  changeActionOwner,
  closeAction,
  listActions,
  reopenAction,
  type OfficerAction,
} from '../../../services/findings/actions';
import { scrollingTable } from '../../pages/table';
import { formRoute, formState, given, postForm, selectInput, textArea, textInput, type FormState } from '../forms';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

const STATUS_TAGS: Record<ActionStatus | 'OVERDUE', { label: string; tag: string }> = {
  OVERDUE: { label: 'Overdue', tag: 'warning' },
  OPEN: { label: 'Open', tag: '' },
  DONE: { label: 'Done', tag: 'ok' },
  CLOSED: { label: 'Closed', tag: 'muted' },
};

const statusTag = (action: { status: ActionStatus; overdue: boolean }) => {
  const { label, tag } = STATUS_TAGS[action.overdue ? 'OVERDUE' : action.status];
  return html`<span class="tag ${tag}">${label}</span>`;
};

const source = (action: { severity: keyof typeof SEVERITY_LABELS | null; fromRecommendation: boolean }) =>
  action.fromRecommendation ? 'Recommendation' : `Issue (${SEVERITY_LABELS[action.severity ?? 'MEDIUM']})`;

const HISTORY_WORDS: Record<string, string> = {
  RAISED: 'Raised',
  REMINDED: 'Reminder',
  ESCALATED: 'Escalated',
  UPDATED: 'Update',
  DONE: 'Marked done',
  CLOSED: 'Closed',
  REOPENED: 'Reopened',
  OWNER_CHANGED: 'Owner changed',
};

const LABELS: Record<string, string> = {
  note: 'Note',
  reason: 'Why',
  dueOn: 'New due date',
  ownerKind: 'Owner',
  ownerOfficerId: 'Officer',
  ownerMemberId: 'Member',
};

function filterForm(data: Awaited<ReturnType<typeof listActions>>): SafeHtml {
  const state = formState({ establishmentId: data.filter.establishmentId, status: data.filter.status });
  return html`<form method="get" action="/findings/actions" class="filters">
    ${selectInput(state, {
      name: 'establishmentId',
      label: 'Home',
      blank: 'All homes',
      choices: data.homes.map((home) => ({ value: home.id, label: home.name })),
    })}
    ${selectInput(state, {
      name: 'status',
      label: 'Status',
      blank: 'Any status',
      choices: (['OVERDUE', 'OPEN', 'DONE', 'CLOSED'] as const).map((status) => ({ value: status, label: STATUS_TAGS[status].label })),
    })}
    <button type="submit" class="button secondary">Show</button>
  </form>`;
}

function actionsListPage(view: OfficerView, data: Awaited<ReturnType<typeof listActions>>): SafeHtml {
  return officerPage(
    view,
    'Actions',
    html`<h1>Actions</h1>
      <p class="lead">Every issue and recommendation of an approved visit report, with its owner and due date. Overdue actions first.</p>
      ${filterForm(data)}
      ${scrollingTable({
        caption: 'Actions from visits, overdue first, then by due date',
        captionHidden: true,
        headings: ['Due', 'Home', 'Action', 'From', 'Owner', 'Status'],
        empty: 'No actions match.',
        rows: data.actions.map(
          (action) =>
            html`<tr>
              <td>${formatShortDate(action.dueOn)}</td>
              <td>${action.establishment}</td>
              <th scope="row"><a href="/findings/actions/${action.id}">${action.description}</a></th>
              <td>${source(action)}</td>
              <td>${action.owner}</td>
              <td>${statusTag(action)}</td>
            </tr>`,
        ),
      })}`,
  );
}

function ownerForm(view: OfficerView, action: OfficerAction, state: FormState): SafeHtml {
  return html`<h2>Change the owner</h2>
    ${postForm(
      view,
      { action: `/findings/actions/${action.id}/owner`, state, labels: LABELS },
      html`${selectInput(state, {
          name: 'ownerKind',
          label: 'Owner',
          choices: [
            { value: 'MANAGER', label: 'The home’s manager' },
            { value: 'OFFICER', label: 'An officer (choose below)' },
            { value: 'MEMBER', label: 'A member (choose below)' },
          ],
        })}
        ${selectInput(state, {
          name: 'ownerOfficerId',
          label: 'Officer',
          blank: 'None',
          choices: action.officers.map((officer) => ({ value: officer.id, label: officer.name })),
        })}
        ${selectInput(state, {
          name: 'ownerMemberId',
          label: 'Member',
          blank: 'None',
          choices: action.members.map((member) => ({ value: member.id, label: member.name })),
        })}
        ${textArea(state, { name: 'reason', label: 'Why (optional)', rows: 2 })}
        <button type="submit" class="button secondary">Change the owner</button>`,
    )}`;
}

function statusForm(view: OfficerView, action: OfficerAction, state: FormState): SafeHtml {
  if (action.status === 'OPEN') {
    return html`<h2>Close the action</h2>
      ${postForm(
        view,
        { action: `/findings/actions/${action.id}/close`, state, labels: LABELS },
        html`${textArea(state, { name: 'note', label: 'Why it is closed', rows: 3 })}
          <button type="submit" class="button">Close the action</button>`,
      )}`;
  }
  return html`<h2>Reopen the action</h2>
    ${postForm(
      view,
      { action: `/findings/actions/${action.id}/reopen`, state, labels: LABELS },
      html`${textArea(state, { name: 'note', label: 'Why it is reopened', rows: 3 })}
        ${textInput(state, { name: 'dueOn', label: 'New due date (optional)', hint: 'Leave blank to keep the due date.', type: 'date' })}
        <button type="submit" class="button">Reopen the action</button>`,
    )}`;
}

function actionPage(view: OfficerView, action: OfficerAction, forms: { status?: FormState; owner?: FormState } = {}): SafeHtml {
  const writer = view.officer.actor.role !== 'READ_ONLY';
  const ownerState =
    forms.owner ??
    formState({ ownerKind: action.owner.kind, ownerOfficerId: action.ownerOfficerId ?? '', ownerMemberId: action.ownerMemberId ?? '' });
  return officerPage(
    view,
    'Action',
    html`<p><a href="/findings/actions">All actions</a></p>
      <h1>${action.description}</h1>
      <dl class="facts">
        <dt>Home</dt>
        <dd>${action.establishment.name} (<a href="/visits/${action.visitId}">the visit</a>)</dd>
        <dt>From</dt>
        <dd>${source(action)}</dd>
        <dt>Owner</dt>
        <dd>${action.owner.name}${action.owner.email ? ` (${action.owner.email})` : ' (no email address on record)'}</dd>
        <dt>Due</dt>
        <dd>${formatDate(action.dueOn)}</dd>
        <dt>Status</dt>
        <dd>${statusTag(action)}${action.resolvedAt ? ` ${formatDateTime(action.resolvedAt)}` : ''}</dd>
      </dl>
      <h2>History</h2>
      ${scrollingTable({
        caption: 'The action’s history, oldest first',
        captionHidden: true,
        headings: ['When', 'What', 'By', 'Note'],
        rows: action.history.map(
          (entry) =>
            html`<tr>
              <td>${formatDateTime(entry.at)}</td>
              <td>${HISTORY_WORDS[entry.kind] ?? entry.kind}</td>
              <td>${entry.by}</td>
              <td>${entry.note ?? ''}</td>
            </tr>`,
        ),
      })}
      ${writer ? html`${statusForm(view, action, forms.status ?? formState())} ${ownerForm(view, action, ownerState)}` : ''}`,
  );
}

/** The actions raised from visits: the list (by home and status, overdue first) and each action with its history and controls. */
export async function findingActionRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: { establishmentId?: string; status?: string } }>('/findings/actions', async (request, reply) => {
    const view = officerView(request, reply);
    const filter = { establishmentId: given(request.query.establishmentId), status: given(request.query.status) };
    return sendOfficerPage(reply, actionsListPage(view, await listActions(deps, view.officer.actor, filter)));
  });

  app.get<{ Params: { id: string } }>('/findings/actions/:id', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, actionPage(view, await actionForOfficer(deps, view.officer.actor, request.params.id)));
  });

  const refusedOn =
    (form: 'status' | 'owner') =>
    async (view: OfficerView, fields: Record<string, string>, request: { params: { id: string } }, problems: FieldProblem[]) =>
      actionPage(view, await actionForOfficer(deps, view.officer.actor, request.params.id), { [form]: formState(fields, problems) });

  formRoute<{ id: string }>(app, '/findings/actions/:id/close', {
    async change(view, fields, request, reply) {
      await closeAction(deps, view.officer.actor, request.params.id, { note: fields.note ?? '' });
      return reply.redirect(`/findings/actions/${request.params.id}`, 303);
    },
    refused: refusedOn('status'),
  });

  formRoute<{ id: string }>(app, '/findings/actions/:id/reopen', {
    async change(view, fields, request, reply) {
      await reopenAction(deps, view.officer.actor, request.params.id, { note: fields.note ?? '', dueOn: given(fields.dueOn) });
      return reply.redirect(`/findings/actions/${request.params.id}`, 303);
    },
    refused: refusedOn('status'),
  });

  formRoute<{ id: string }>(app, '/findings/actions/:id/owner', {
    async change(view, fields, request, reply) {
      await changeActionOwner(deps, view.officer.actor, request.params.id, {
        ownerKind: fields.ownerKind,
        ownerOfficerId: given(fields.ownerOfficerId),
        ownerMemberId: given(fields.ownerMemberId),
        reason: given(fields.reason),
      });
      return reply.redirect(`/findings/actions/${request.params.id}`, 303);
    },
    refused: refusedOn('owner'),
  });
}
