import type { FastifyInstance } from 'fastify';

import { formatDate } from '../../domain/calendar';
import { PanelKind } from '../../prisma/generated/client';
import { html, type SafeHtml } from '../../render/html';
import type { ServiceDependencies } from '../../services/context';
import type { FieldProblem } from '../../services/errors';
import { listMembers } from '../../services/members';
import {
  addDistributionRecipient,
  DISTRIBUTION_COLUMNS,
  importDistribution,
  previewDistributionImport,
  removeDistributionRecipient,
} from '../../services/panel-distribution';
import {
  addPanelSeat,
  createPanel,
  editPanel,
  endPanelSeat,
  listPanels,
  MissingTrainingError,
  PANEL_KIND_LABELS,
  panelDetail,
  recordElection,
  type PanelDetail,
  type PanelSummary,
} from '../../services/panels';
import { addMeeting } from '../../services/reports/meetings';
import { fileRowsTable, scrollingTable } from '../pages/table';
import { csvFormat } from './csv-format';
import { acceptCsvUploads, confirmImportForm, csvImportRoutes, csvUploadPage, type CsvSent } from './csv-upload';
import {
  fieldList,
  formErrors,
  formFields,
  formRoute,
  formState,
  given,
  itemsOf,
  postForm,
  refusedForm,
  requiredFields,
  textInput,
  type FormState,
} from './forms';
import { meetingPath } from './reports/meetings';
import { memberPath } from './members';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

const FIELD_LABELS: Record<string, string> = {
  key: 'Key',
  name: 'Name',
  kind: 'Kind of panel',
  chairReference: 'Chair',
  leadMemberReference: 'Lead member',
  clerkName: 'Clerk’s name',
  clerkEmail: 'Clerk’s email',
  memberReference: 'Member',
  from: 'First day in the seat',
  to: 'Last day in the seat',
  on: 'Last day in the seat',
  recipientName: 'Name',
  recipientEmail: 'Email',
  recipientRole: 'Role, or why they receive the papers',
  date: 'Date',
  time: 'Start time',
  location: 'Where',
};

/** The distribution form's fields, named apart from the details form's (both have a name). */
const RECIPIENT_FIELDS = { name: 'recipientName', email: 'recipientEmail', role: 'recipientRole' } as const;

const DISTRIBUTION_FORMAT = csvFormat(
  DISTRIBUTION_COLUMNS,
  {
    name: 'Their name as it goes on the email, e.g. Jo Smith.',
    email: 'Their email address. Each address once; someone already on the list stops the file.',
    role: 'Why they receive the papers, e.g. Designated nurse. May be blank.',
  },
  ['Jo Smith,jo.smith@partner.example,Designated nurse', 'Sam Patel,sam.patel@council.example,'],
);

export const panelPath = (key: string) => `/panels/${encodeURIComponent(key)}`;

const canChange = (view: OfficerView) => view.officer.actor.role !== 'READ_ONLY';

/** Problems named as the service names its fields, renamed to the form's fields. */
const renamedProblems = (problems: FieldProblem[], names: Record<string, string>) =>
  problems.map((problem) => ({ ...problem, field: names[problem.field] ?? problem.field }));

// ───────────────────────────── list and create ─────────────────────────────

function panelsPage(view: OfficerView, panels: PanelSummary[], state: FormState = formState(), notice?: string): SafeHtml {
  return officerPage(
    view,
    'Panels',
    html`${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''} ${formErrors(state, FIELD_LABELS)}
      <h1>Panels</h1>
      <p class="lead">
        The council’s panels: who chairs and clerks each, who sits on it, who receives its papers, and when it meets. See also
        <a href="/elections">elections</a>.
      </p>
      ${scrollingTable({
        caption: 'The council’s panels',
        captionHidden: true,
        headings: ['Panel', 'Kind', 'Chair', 'Seats today', 'On the distribution list'],
        empty: 'No panels are registered yet.',
        rows: panels.map(
          (panel) =>
            html`<tr>
              <th scope="row"><a href="${panelPath(panel.key)}">${panel.name}</a></th>
              <td>${PANEL_KIND_LABELS[panel.kind]}</td>
              <td>${panel.chair ?? 'No chair recorded'}</td>
              <td>${panel.seatsNow}</td>
              <td>${panel.recipients}</td>
            </tr>`,
        ),
      })}
      ${
        canChange(view)
          ? html`<section aria-labelledby="create">
              <h2 id="create">Add a panel</h2>
              <form method="post" action="/panels" novalidate>
                ${csrfField(view)}
                ${fieldList(state, FIELD_LABELS, [
                  { name: 'name', hint: 'What people call it, e.g. Corporate Parenting Panel.' },
                  {
                    name: 'kind',
                    blank: 'Choose the kind of panel',
                    choices: Object.values(PanelKind).map((kind) => ({ value: kind, label: PANEL_KIND_LABELS[kind] })),
                  },
                  {
                    name: 'key',
                    hint: 'A short name for links and files: lower-case letters, digits and hyphens, e.g. corporate-parenting. It cannot be changed later.',
                  },
                ])}
                <button type="submit" class="button">Add the panel</button>
              </form>
            </section>`
          : ''
      }`,
  );
}

// ───────────────────────────── one panel ─────────────────────────────

interface PanelForms {
  details?: FormState;
  seat?: FormState;
  recipient?: FormState;
  meeting?: FormState;
}

type MemberChoices = ReadonlyArray<{ value: string; label: string }>;

const person = (entry: { name: string; reference: string } | null) =>
  entry ? html`<a href="${memberPath(entry.reference)}">${entry.name}</a>` : html`None recorded`;

function detailsSection(view: OfficerView, panel: PanelDetail, members: MemberChoices, state: FormState): SafeHtml {
  const values = {
    name: panel.name,
    chairReference: panel.chair?.reference,
    leadMemberReference: panel.leadMember?.reference,
    clerkName: panel.clerk.name ?? undefined,
    clerkEmail: panel.clerk.email ?? undefined,
    ...state.values,
  };
  const shown = formState(values, state.problems);
  return html`<section aria-labelledby="details">
    <h2 id="details">Change the details</h2>
    ${postForm(
      view,
      { action: panelPath(panel.key), state: shown, labels: FIELD_LABELS },
      html`${fieldList(shown, FIELD_LABELS, [
          { name: 'name' },
          { name: 'chairReference', blank: 'No chair', choices: members },
          {
            name: 'leadMemberReference',
            hint: 'The executive member who answers to the panel, e.g. the lead member for children’s services.',
            blank: 'No lead member',
            choices: members,
          },
          { name: 'clerkName', hint: 'Leave blank if there is none.' },
          { name: 'clerkEmail', type: 'email' },
        ])} <button type="submit" class="button">Save the details</button>`,
    )}
  </section>`;
}

function seatsSection(view: OfficerView, panel: PanelDetail, members: MemberChoices, state: FormState): SafeHtml {
  const change = canChange(view);
  return html`<section aria-labelledby="seats">
    <h2 id="seats">Members of the panel</h2>
    ${
      panel.requiredCourses.length
        ? html`<p>Members of this panel need: ${panel.requiredCourses.map((course) => course.title).join(', ')}.</p>`
        : ''
    }
    ${scrollingTable({
      caption: 'Seats on the panel',
      captionHidden: true,
      headings: ['Member', 'From', 'To', change && html`<span class="visually-hidden">Action</span>`],
      empty: 'Nobody has sat on this panel yet.',
      rows: panel.seats.map(
        (seat) =>
          html`<tr>
            <th scope="row">${person(seat.member)}</th>
            <td>${formatDate(seat.from)}</td>
            <td>${seat.to ? formatDate(seat.to) : 'No end date'}</td>
            ${
              change
                ? html`<td>
                    ${
                      seat.to
                        ? ''
                        : html`<a href="${panelPath(panel.key)}/seats/end?member=${encodeURIComponent(seat.member.reference)}"
                            >End seat<span class="visually-hidden"> of ${seat.member.name}</span></a
                          >`
                    }
                  </td>`
                : ''
            }
          </tr>`,
      ),
    })}
    ${
      change
        ? html`<h3>Seat a member</h3>
            ${postForm(
              view,
              { action: `${panelPath(panel.key)}/seats`, state, labels: FIELD_LABELS },
              html`${fieldList(state, FIELD_LABELS, [
                  { name: 'memberReference', blank: 'Choose a member', choices: members },
                  { name: 'from', type: 'date' },
                  { name: 'to', type: 'date', hint: 'Leave blank if they stay.' },
                ])} <button type="submit" class="button">Seat the member</button>`,
            )}`
        : ''
    }
  </section>`;
}

function distributionSection(view: OfficerView, panel: PanelDetail, state: FormState): SafeHtml {
  const change = canChange(view);
  return html`<section aria-labelledby="distribution">
    <h2 id="distribution">Distribution list</h2>
    <p>They receive the panel’s reports and its meeting invitations.</p>
    ${scrollingTable({
      caption: 'The distribution list',
      captionHidden: true,
      headings: ['Name', 'Email', 'Role', change && html`<span class="visually-hidden">Action</span>`],
      empty: 'Nobody is on the distribution list yet.',
      rows: panel.distribution.map(
        (recipient) =>
          html`<tr>
            <th scope="row">${recipient.name}</th>
            <td>${recipient.email}</td>
            <td>${recipient.role ?? ''}</td>
            ${
              change
                ? html`<td>
                    <form method="post" action="${panelPath(panel.key)}/distribution/${recipient.id}/remove" class="inline">
                      ${csrfField(view)}
                      <button type="submit" class="button secondary">Remove<span class="visually-hidden"> ${recipient.name}</span></button>
                    </form>
                  </td>`
                : ''
            }
          </tr>`,
      ),
    })}
    ${
      change
        ? html`<p><a href="${panelPath(panel.key)}/distribution/import">Add people from a CSV file</a></p>
            <h3>Add someone to the list</h3>
            ${postForm(
              view,
              { action: `${panelPath(panel.key)}/distribution`, state, labels: FIELD_LABELS },
              html`${textInput(state, { name: RECIPIENT_FIELDS.name, label: FIELD_LABELS.recipientName! })}
                ${textInput(state, { name: RECIPIENT_FIELDS.email, label: FIELD_LABELS.recipientEmail!, type: 'email' })}
                ${textInput(state, { name: RECIPIENT_FIELDS.role, label: FIELD_LABELS.recipientRole!, hint: 'e.g. Designated nurse. May be blank.' })}
                <button type="submit" class="button">Add to the list</button>`,
            )}`
        : ''
    }
  </section>`;
}

function meetingsSection(view: OfficerView, panel: PanelDetail, state: FormState): SafeHtml {
  return html`<section aria-labelledby="meetings">
    <h2 id="meetings">Meetings</h2>
    ${scrollingTable({
      caption: 'The panel’s meetings',
      captionHidden: true,
      headings: ['When', 'Where', 'Status'],
      empty: 'No meetings are in the calendar.',
      rows: panel.meetings.map(
        (meeting) =>
          html`<tr>
            <th scope="row"><a href="${meetingPath(meeting.id)}">${meeting.when}</a></th>
            <td>${meeting.location}</td>
            <td>
              ${
                meeting.status === 'CANCELLED'
                  ? html`<span class="tag muted">Cancelled</span>`
                  : meeting.invited
                    ? html`<span class="tag ok">Invitations sent</span>`
                    : 'Not yet invited'
              }
            </td>
          </tr>`,
      ),
    })}
    ${
      canChange(view)
        ? html`<p><a href="/meetings/import">Add a year’s meetings from a CSV file</a></p>
            <h3>Add a meeting</h3>
            ${postForm(
              view,
              { action: `${panelPath(panel.key)}/meetings`, state, labels: FIELD_LABELS },
              html`${fieldList(state, FIELD_LABELS, [
                  { name: 'date', type: 'date' },
                  { name: 'time', type: 'time', hint: 'Europe/London time, e.g. 18:30.' },
                  { name: 'location', hint: 'e.g. Committee Room 2, Town Hall.' },
                ])} <button type="submit" class="button">Add the meeting</button>`,
            )}`
        : ''
    }
  </section>`;
}

function panelPage(view: OfficerView, panel: PanelDetail, members: MemberChoices, forms: PanelForms = {}, notice?: string): SafeHtml {
  return officerPage(
    view,
    panel.name,
    html`<p><a href="/panels">All panels</a></p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
      <h1>${panel.name}</h1>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>${PANEL_KIND_LABELS[panel.kind]}</dd>
        <dt>Key</dt>
        <dd>${panel.key}</dd>
        <dt>Chair</dt>
        <dd>${person(panel.chair)}</dd>
        <dt>Lead member</dt>
        <dd>${person(panel.leadMember)}</dd>
        <dt>Clerk</dt>
        <dd>${panel.clerk.name ?? 'None recorded'}${panel.clerk.email ? `, ${panel.clerk.email}` : ''}</dd>
      </dl>
      ${seatsSection(view, panel, members, forms.seat ?? formState())} ${distributionSection(view, panel, forms.recipient ?? formState())}
      ${meetingsSection(view, panel, forms.meeting ?? formState())}
      ${canChange(view) ? detailsSection(view, panel, members, forms.details ?? formState()) : ''}`,
  );
}

const NOTICES: Record<string, string> = {
  created: 'The panel is added. Seat its members and fill in its distribution list below.',
  saved: 'The details are saved.',
  seated: 'The member is seated; any course the panel requires is now due for them.',
  ended: 'The seat is ended.',
  added: 'Added to the distribution list.',
  removed: 'Removed from the distribution list.',
  meeting: 'The meeting is in the calendar. Send its invitations from the meeting’s page.',
};

// ───────────────────────────── seats: confirming, ending ─────────────────────────────

function confirmSeatPage(view: OfficerView, panel: PanelDetail, fields: Record<string, string>, question: string): SafeHtml {
  return officerPage(
    view,
    'Seat them anyway?',
    html`<p><a href="${panelPath(panel.key)}">Back to ${panel.name}</a></p>
      <h1>Seat them anyway?</h1>
      <p class="lead">${question}</p>
      <p>If you go ahead, the audit log records that you seated them without it, and the course becomes due for them.</p>
      <form method="post" action="${panelPath(panel.key)}/seats" novalidate>
        ${csrfField(view)}
        ${(['memberReference', 'from', 'to'] as const).map((name) => html`<input type="hidden" name="${name}" value="${fields[name] ?? ''}" />`)}
        <input type="hidden" name="confirmMissingTraining" value="yes" />
        <button type="submit" class="button">Seat them anyway</button>
      </form>
      <p><a href="${panelPath(panel.key)}#seats">Do not seat them</a></p>`,
  );
}

function endSeatPage(view: OfficerView, panel: PanelDetail, reference: string, state: FormState = formState()): SafeHtml {
  const seat = panel.seats.find((candidate) => candidate.member.reference === reference && candidate.to === null);
  const who = seat?.member.name ?? reference;
  return officerPage(
    view,
    `End ${who}’s seat`,
    html`<p><a href="${panelPath(panel.key)}">Back to ${panel.name}</a></p>
      <h1>End ${who}’s seat on the ${panel.name}</h1>
      ${seat ? html`<p class="lead">They have sat on the panel since ${formatDate(seat.from)}.</p>` : ''}
      ${postForm(
        view,
        { action: `${panelPath(panel.key)}/seats/end`, state, labels: FIELD_LABELS },
        html`<input type="hidden" name="memberReference" value="${reference}" />
          ${textInput(state, { name: 'on', label: FIELD_LABELS.on!, type: 'date' })}
          <button type="submit" class="button">End the seat</button>`,
      )}`,
  );
}

// ───────────────────────────── distribution import ─────────────────────────────

const importPage = (view: OfficerView, panel: { key: string; name: string }, sent: CsvSent = {}) =>
  csvUploadPage(view, {
    title: `Add people to the ${panel.name} distribution list`,
    back: { href: panelPath(panel.key), label: `Back to ${panel.name}` },
    lead: 'Each row adds one person to the list. Every row is added, or none: a row with a problem stops the whole file.',
    action: `${panelPath(panel.key)}/distribution/import`,
    format: DISTRIBUTION_FORMAT,
    ...sent,
  });

function importPreviewPage(view: OfficerView, preview: Awaited<ReturnType<typeof previewDistributionImport>>, csv: string): SafeHtml {
  const { panel, recipients } = preview;
  const count = recipients.length === 1 ? '1 person' : `${recipients.length} people`;
  const path = `${panelPath(panel.key)}/distribution/import`;
  return officerPage(
    view,
    `Check the people to add`,
    html`<p><a href="${path}">Back to the upload</a></p>
      <h1>Check the people to add to the ${panel.name} distribution list</h1>
      <p class="lead">Nothing has changed yet. Importing this file adds ${count}.</p>
      ${fileRowsTable('People to add', recipients, { heading: 'Name', cell: (recipient) => recipient.name }, [
        { heading: 'Email', cell: (recipient) => recipient.email },
        { heading: 'Role', cell: (recipient) => recipient.role ?? '' },
      ])}
      ${confirmImportForm(view, { action: `${path}/confirm`, csv, button: `Add ${count} to the list`, cancel: path })}`,
  );
}

// ───────────────────────────── elections ─────────────────────────────

async function electionsPage(deps: ServiceDependencies, view: OfficerView, state: FormState = formState(), notice?: string) {
  const { members } = await listMembers(deps, view.officer.actor);
  return officerPage(
    view,
    'Elections',
    html`<p><a href="/panels">Panels</a></p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
      <h1>Elections</h1>
      <p class="lead">Record who was elected (or re-elected) on a date: courses renewed after each election become due again for them.</p>
      ${scrollingTable({
        caption: 'Serving members and their latest election',
        headings: ['Member', 'Reference', 'Latest election'],
        empty: 'No members are serving.',
        rows: members.map(
          (member) =>
            html`<tr>
              <th scope="row"><a href="${memberPath(member.reference)}">${member.name}</a></th>
              <td>${member.reference}</td>
              <td>${member.electedOn ? formatDate(member.electedOn) : 'None recorded'}</td>
            </tr>`,
        ),
      })}
      ${
        canChange(view)
          ? html`<h2>Record an election</h2>
              ${postForm(
                view,
                { action: '/elections', state, labels: { on: 'Election day', memberReferences: 'Members elected' } },
                html`${textInput(state, { name: 'on', label: 'Election day', type: 'date' })}
                  ${textInput(state, {
                    name: 'memberReferences',
                    label: 'Members elected',
                    hint: 'Their references, separated by commas, e.g. NM001, NM004.',
                  })} <button type="submit" class="button">Record the election</button>`,
              )}`
          : ''
      }`,
  );
}

// ───────────────────────────── routes ─────────────────────────────

interface PanelParams {
  key: string;
}

/** The members to choose from, by name and reference. */
const memberChoices = async (deps: ServiceDependencies, view: OfficerView): Promise<MemberChoices> =>
  (await listMembers(deps, view.officer.actor)).members.map((member) => ({
    value: member.reference,
    label: `${member.name} (${member.reference})`,
  }));

/** What the panel routes share: the services' dependencies, and the panel page to show again or go back to. */
interface PanelRoutes {
  app: FastifyInstance;
  deps: ServiceDependencies;
  detailOf: (view: OfficerView, panelKey: string) => ReturnType<typeof panelDetail>;
  /** The panel's page with the forms as refused, each problem on its field. */
  refusedPanelPage: (view: OfficerView, panelKey: string, forms: PanelForms) => Promise<SafeHtml>;
  /** The panel's page saying what was done, at `anchor` (e.g. #seats). */
  backTo: (panelKey: string, done: string, anchor?: string) => string;
}

/** The council's panels: adding them, their details, seats, distribution list (by hand or from a file) and meetings; and elections. */
export async function panelsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await acceptCsvUploads(app);
  const detailOf = (view: OfficerView, panelKey: string) => panelDetail(deps, view.officer.actor, { panelKey });
  const routes: PanelRoutes = {
    app,
    deps,
    detailOf,
    refusedPanelPage: async (view, panelKey, forms) =>
      panelPage(view, await detailOf(view, panelKey), await memberChoices(deps, view), forms),
    backTo: (panelKey, done, anchor = '') => `${panelPath(panelKey)}?done=${done}${anchor}`,
  };
  panelListRoutes(routes);
  seatRoutes(routes);
  distributionRoutes(routes);
  meetingRoutes(routes);
  electionRoutes(routes);
}

/** The list of panels, adding one, and a panel's page and details. */
function panelListRoutes({ app, deps, detailOf, refusedPanelPage, backTo }: PanelRoutes): void {
  app.get<{ Querystring: { imported?: string } }>('/panels', async (request, reply) => {
    const view = officerView(request, reply);
    const imported = Number(request.query.imported);
    const notice =
      request.query.imported && Number.isInteger(imported)
        ? `Added ${imported === 1 ? '1 meeting' : `${imported} meetings`} to the calendar.`
        : undefined;
    return sendOfficerPage(reply, panelsPage(view, await listPanels(deps, view.officer.actor), formState(), notice));
  });

  formRoute(app, '/panels', {
    change: async (view, fields, _request, reply) => {
      const panel = await createPanel(deps, view.officer.actor, {
        ...requiredFields(fields, ['key', 'name']),
        kind: fields.kind as PanelKind,
      });
      return reply.redirect(backTo(panel.key, 'created'), 303);
    },
    refused: async (view, fields, _request, problems) =>
      panelsPage(view, await listPanels(deps, view.officer.actor), formState(fields, problems)),
    conflictField: 'key',
  });

  app.get<{ Params: PanelParams; Querystring: { done?: string } }>('/panels/:key', async (request, reply) => {
    const view = officerView(request, reply);
    const panel = await detailOf(view, request.params.key);
    return sendOfficerPage(reply, panelPage(view, panel, await memberChoices(deps, view), {}, NOTICES[request.query.done ?? '']));
  });

  formRoute<PanelParams>(app, '/panels/:key', {
    change: async (view, fields, request, reply) => {
      // A blank field clears what was recorded.
      const blankAsNone = (value: string | undefined) => given(value) ?? null;
      await editPanel(deps, view.officer.actor, {
        panelKey: request.params.key,
        name: fields.name ?? '',
        chairReference: blankAsNone(fields.chairReference),
        leadMemberReference: blankAsNone(fields.leadMemberReference),
        clerkName: blankAsNone(fields.clerkName),
        clerkEmail: blankAsNone(fields.clerkEmail),
      });
      return reply.redirect(backTo(request.params.key, 'saved'), 303);
    },
    refused: (view, fields, request, problems) => refusedPanelPage(view, request.params.key, { details: formState(fields, problems) }),
  });
}

/** Seating a member on a panel (confirming one who lacks a required course) and ending a seat. */
function seatRoutes({ app, deps, detailOf, refusedPanelPage, backTo }: PanelRoutes): void {
  // A member who lacks a course the panel requires is seated only once the officer confirms, on the page this answers with.
  app.post<{ Params: PanelParams }>('/panels/:key/seats', async (request, reply) => {
    const view = officerView(request, reply);
    const fields = formFields(request.body);
    const panelKey = request.params.key;
    const seat = async () => {
      try {
        await addPanelSeat(deps, view.officer.actor, {
          panelKey,
          ...requiredFields(fields, ['memberReference', 'from']),
          to: given(fields.to),
          confirmMissingTraining: fields.confirmMissingTraining === 'yes',
        });
      } catch (error) {
        if (!(error instanceof MissingTrainingError)) throw error;
        return sendOfficerPage(reply, confirmSeatPage(view, await detailOf(view, panelKey), fields, error.question), 409);
      }
      return reply.redirect(backTo(panelKey, 'seated', '#seats'), 303);
    };
    return refusedForm(
      reply,
      seat,
      (problems) => refusedPanelPage(view, panelKey, { seat: formState(fields, problems) }),
      'memberReference',
    );
  });

  app.get<{ Params: PanelParams; Querystring: { member?: string } }>('/panels/:key/seats/end', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, endSeatPage(view, await detailOf(view, request.params.key), request.query.member ?? ''));
  });

  formRoute<PanelParams>(app, '/panels/:key/seats/end', {
    change: async (view, fields, request, reply) => {
      await endPanelSeat(deps, view.officer.actor, {
        panelKey: request.params.key,
        ...requiredFields(fields, ['memberReference', 'on']),
      });
      return reply.redirect(backTo(request.params.key, 'ended', '#seats'), 303);
    },
    refused: async (view, fields, request, problems) =>
      endSeatPage(view, await detailOf(view, request.params.key), fields.memberReference ?? '', formState(fields, problems)),
  });
}

/** A panel's distribution list: adding and removing someone by hand, and adding people from a file. */
function distributionRoutes({ app, deps, detailOf, refusedPanelPage, backTo }: PanelRoutes): void {
  formRoute<PanelParams>(app, '/panels/:key/distribution', {
    change: async (view, fields, request, reply) => {
      await addDistributionRecipient(deps, view.officer.actor, {
        panelKey: request.params.key,
        name: fields.recipientName ?? '',
        email: fields.recipientEmail ?? '',
        role: given(fields.recipientRole),
      });
      return reply.redirect(backTo(request.params.key, 'added', '#distribution'), 303);
    },
    refused: (view, fields, request, problems) =>
      refusedPanelPage(view, request.params.key, { recipient: formState(fields, renamedProblems(problems, RECIPIENT_FIELDS)) }),
    conflictField: RECIPIENT_FIELDS.email,
  });

  app.post<{ Params: PanelParams & { recipientId: string } }>('/panels/:key/distribution/:recipientId/remove', async (request, reply) => {
    const view = officerView(request, reply);
    await removeDistributionRecipient(deps, view.officer.actor, { panelKey: request.params.key, recipientId: request.params.recipientId });
    return reply.redirect(backTo(request.params.key, 'removed', '#distribution'), 303);
  });

  app.get<{ Params: PanelParams }>('/panels/:key/distribution/import', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, importPage(view, await detailOf(view, request.params.key)));
  });

  csvImportRoutes<PanelParams>(app, '/panels/:key/distribution/import', {
    importPage: async (view, request, csv, problems) => importPage(view, await detailOf(view, request.params.key), { csv, problems }),
    preview: async (view, request, csv) =>
      importPreviewPage(view, await previewDistributionImport(deps, view.officer.actor, { panelKey: request.params.key, csv }), csv),
    confirm: async (view, request, csv) => {
      await importDistribution(deps, view.officer.actor, { panelKey: request.params.key, csv });
      return backTo(request.params.key, 'added', '#distribution');
    },
  });
}

/** Adding a meeting to a panel's calendar. */
function meetingRoutes({ app, deps, refusedPanelPage }: PanelRoutes): void {
  formRoute<PanelParams>(app, '/panels/:key/meetings', {
    change: async (view, fields, request, reply) => {
      const { meetingId } = await addMeeting(deps, view.officer.actor, {
        panelKey: request.params.key,
        ...requiredFields(fields, ['date', 'time', 'location']),
      });
      return reply.redirect(`${meetingPath(meetingId)}?done=added`, 303);
    },
    refused: (view, fields, request, problems) => refusedPanelPage(view, request.params.key, { meeting: formState(fields, problems) }),
    conflictField: 'date',
  });
}

/** Recording an election: the members elected, whose training that renews after an election falls due again. */
function electionRoutes({ app, deps }: PanelRoutes): void {
  app.get<{ Querystring: { recorded?: string } }>('/elections', async (request, reply) => {
    const recorded = Number(request.query.recorded);
    const notice =
      Number.isInteger(recorded) && recorded > 0
        ? `Recorded the election for ${recorded === 1 ? '1 member' : `${recorded} members`}.`
        : undefined;
    return sendOfficerPage(reply, await electionsPage(deps, officerView(request, reply), formState(), notice));
  });

  formRoute(app, '/elections', {
    change: async (view, fields, _request, reply) => {
      const { members } = await recordElection(deps, view.officer.actor, {
        on: fields.on ?? '',
        memberReferences: itemsOf(fields.memberReferences),
      });
      return reply.redirect(`/elections?recorded=${members}`, 303);
    },
    // The references are one box on the page: a problem with any of them is shown on it.
    refused: (view, fields, _request, problems) =>
      electionsPage(
        deps,
        view,
        formState(
          fields,
          problems.map((problem) => ({ ...problem, field: problem.field.split('.')[0]! })),
        ),
      ),
  });
}
