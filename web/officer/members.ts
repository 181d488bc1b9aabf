import type { FastifyInstance, FastifyRequest } from 'fastify';

import { formatDate, type IsoDate } from '../../domain/calendar';
import { STATE_LABELS } from '../../domain/training/reports';
import { MemberRole, type AssignmentStatus, type VisitStatus } from '../../prisma/generated/client';
import { html, type SafeHtml } from '../../render/html';
import type { ServiceDependencies } from '../../services/context';
import {
  importMembers,
  listMembers,
  MEMBER_COLUMNS,
  memberOverview,
  previewMemberImport,
  recordMemberLeft,
  registerMember,
  updateMember,
  type ListedMember,
  type MemberDetails,
  type MemberImportPreview,
  type MemberOverview,
} from '../../services/members';
import { scrollingTable } from '../pages/table';
import { csvFormat } from './csv-format';
import { acceptCsvUploads, confirmImportForm, csvImportRoutes, csvUploadPage, previewTable, type CsvSent } from './csv-upload';
import { checkboxes, fieldId, formErrors, formFields, formRoute, formState, requiredFields, textInput, type FormState } from './forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

const ROLES = Object.keys(MemberRole) as MemberRole[];

const ROLE_LABELS: Record<MemberRole, string> = {
  COUNCILLOR: 'Councillor',
  CO_OPTEE: 'Co-opted member',
  CABINET_MEMBER: 'Cabinet member',
  LEAD_MEMBER_CHILDREN: 'Lead member for children’s services',
  GROUP_LEADER: 'Group leader',
  PANEL_CHAIR: 'Panel chair',
};

const FIELD_LABELS: Record<string, string> = {
  reference: 'Reference',
  givenName: 'Given name',
  familyName: 'Family name',
  email: 'Email address',
  ward: 'Ward',
  party: 'Party',
  roles: 'Roles',
  joinedOn: 'Joined the council on',
  electedOn: 'Most recently elected on',
  leftOn: 'Left the council on',
  /** A clash with another member's reference or email: the message says which. */
  recorded: 'Already recorded',
};

const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  UNALLOCATED: 'Nobody allocated',
  ALLOCATED: 'Allocated',
  REPORTED: 'Report in',
  MISSED: 'Missed',
  CANCELLED: 'Cancelled',
};

const ANSWER_LABELS: Record<AssignmentStatus, string> = {
  INVITED: 'No answer yet',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  LAPSED: 'Did not answer in time',
  WITHDRAWN: 'Withdrawn',
};

const KEEPS_RECORDED = 'Blank: none for a new member, and what is recorded stays for a member already recorded.';

const MEMBER_FORMAT = csvFormat(
  MEMBER_COLUMNS,
  {
    reference: 'Their reference in your committee system or payroll, e.g. NM051. A reference already recorded updates that member.',
    given_name: 'Given (first) name, e.g. Priya.',
    family_name: 'Family name (surname), e.g. Shah.',
    email: 'The address they read, e.g. priya.shah@members.example. Each member needs their own.',
    ward: `Their ward, e.g. Eastgate. ${KEEPS_RECORDED}`,
    party: `Their party, e.g. Independent. ${KEEPS_RECORDED}`,
    roles: `One or more of ${ROLES.join(', ')}, separated by ; (e.g. COUNCILLOR;CABINET_MEMBER).`,
    joined_on: 'The day they joined the council, written YYYY-MM-DD, e.g. 2026-05-07.',
    elected_on: `Their most recent election, written YYYY-MM-DD. ${KEEPS_RECORDED}`,
  },
  [
    'NM051,Priya,Shah,priya.shah@members.example,Eastgate,Independent,COUNCILLOR;CABINET_MEMBER,2026-05-07,2026-05-07',
    'NMC03,Jo,Marsh,jo.marsh@members.example,,,CO_OPTEE,2026-09-01,',
  ],
);

/** A member's page; references are the council's own, so they may hold any character. */
export const memberPath = (reference: string) => `/members/${encodeURIComponent(reference)}`;

const none = html`<span class="hint">none</span>`;
const rolesText = (roles: readonly MemberRole[]) => roles.map((role) => ROLE_LABELS[role]).join(', ');

/** Where a member stands on a day, in words and not by colour alone. */
function statusTag(member: Pick<ListedMember, 'joinedOn' | 'leftOn'>, on: IsoDate): SafeHtml {
  if (member.leftOn && member.leftOn <= on) return html`<span class="tag muted">Left on ${formatDate(member.leftOn)}</span>`;
  if (member.joinedOn > on) return html`<span class="tag">Joins on ${formatDate(member.joinedOn)}</span>`;
  if (member.leftOn) return html`<span class="tag warning">Serving; leaves on ${formatDate(member.leftOn)}</span>`;
  return html`<span class="tag ok">Serving</span>`;
}

/** The roles as checkboxes; the first box carries the field's id, so the error summary can link to it. */
const rolesFieldset = (state: FormState): SafeHtml =>
  checkboxes(state, {
    name: 'roles',
    label: 'Roles',
    hint: 'Choose every role they hold. Courses required of a role are due from the day they joined.',
    choices: ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
  });

/** The details an officer can change: the same on the register and change forms. */
const detailFields = (state: FormState) => html`
  ${textInput(state, { name: 'givenName', label: FIELD_LABELS.givenName!, hint: 'First name, e.g. Priya.' })}
  ${textInput(state, { name: 'familyName', label: FIELD_LABELS.familyName!, hint: 'Surname, e.g. Shah.' })}
  ${textInput(state, {
    name: 'email',
    label: FIELD_LABELS.email!,
    type: 'email',
    hint: 'The address they read: invitations, reminders and links go here.',
    inputmode: 'email',
  })}
  ${textInput(state, { name: 'ward', label: FIELD_LABELS.ward!, hint: 'Leave blank if none, e.g. for a co-opted member.' })}
  ${textInput(state, { name: 'party', label: FIELD_LABELS.party!, hint: 'Leave blank if none.' })} ${rolesFieldset(state)}
`;

const electedOnField = (state: FormState) =>
  textInput(state, {
    name: 'electedOn',
    label: FIELD_LABELS.electedOn!,
    type: 'date',
    hint: 'Courses renewed after each election are due again from this day. Leave blank for a co-opted member.',
  });

/** The roles ticked on a form (a checkbox group sends one field per box). */
function rolesOf(body: unknown): string[] {
  const value = ((body ?? {}) as Record<string, unknown>).roles;
  return (Array.isArray(value) ? value : [value]).filter((role): role is string => typeof role === 'string');
}

/** The form's values as the form shows them again, roles joined. */
const typedValues = (request: FastifyRequest) => ({ ...formFields(request.body), roles: rolesOf(request.body).join(',') });

// ───────────────────────────── list ─────────────────────────────

function listPage(view: OfficerView, list: Awaited<ReturnType<typeof listMembers>>, options: { includeLeft: boolean; notice?: string }) {
  const { members, on } = list;
  return officerPage(
    view,
    'Members',
    html`<h1>Members</h1>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      <p class="lead">
        ${options.includeLeft ? `Every member recorded: ${members.length}.` : `Serving on ${formatDate(on)}: ${members.length}.`}
        ${
          options.includeLeft
            ? html`<a href="/members">Show serving members only</a>`
            : html`<a href="/members?left=include">Include members who have left</a>`
        }
      </p>
      <ul>
        <li><a href="/members/new">Register a member</a></li>
        <li><a href="/members/import">Import a member list from a CSV file</a></li>
      </ul>
      ${scrollingTable({
        caption: options.includeLeft ? 'Every member recorded' : 'Serving members',
        captionHidden: true,
        headings: ['Name', 'Reference', 'Ward', 'Party', 'Roles', 'Status'],
        rows: members.map(
          (member) =>
            html`<tr>
              <th scope="row"><a href="${memberPath(member.reference)}">${member.name}</a></th>
              <td>${member.reference}</td>
              <td>${member.ward ?? none}</td>
              <td>${member.party ?? none}</td>
              <td>${rolesText(member.roles)}</td>
              <td>${statusTag(member, on)}</td>
            </tr>`,
        ),
      })}`,
  );
}

/** "2 members registered and 1 updated." from the counts after an import. */
function importedNotice(query: { added?: string; updated?: string }): string | undefined {
  const added = Number(query.added);
  const updated = Number(query.updated);
  if (!Number.isInteger(added) || !Number.isInteger(updated)) return undefined;
  const count = (n: number) => (n === 1 ? '1 member' : `${n} members`);
  return `Imported: ${count(added)} registered and ${count(updated)} updated.`;
}

// ───────────────────────────── one member ─────────────────────────────

const detailValues = (member: ListedMember) => ({
  givenName: member.givenName,
  familyName: member.familyName,
  email: member.email,
  ward: member.ward ?? '',
  party: member.party ?? '',
  roles: member.roles.join(','),
  electedOn: member.electedOn ?? '',
});

const DONE_NOTICES: Record<string, (overview: MemberOverview, changed: string[]) => string> = {
  registered: ({ member }) => `${member.name} is registered. Training their roles require is due from ${formatDate(member.joinedOn)}.`,
  updated: ({ member }, changed) =>
    changed.length
      ? `Saved. Changed for ${member.name}: ${changed.map((field) => FIELD_LABELS[field]?.toLowerCase() ?? field).join(', ')}.`
      : `Nothing changed: ${member.name}’s details were already recorded as given.`,
  left: ({ member }) =>
    `Recorded that ${member.name} left the council on ${formatDate(member.leftOn!)}. Their pool spells and panel seats end that day; their visits, training and pledge signatures are kept.`,
};

function poolsSection(overview: MemberOverview): SafeHtml {
  return html`<section aria-labelledby="pools">
    <h2 id="pools">Pools</h2>
    ${scrollingTable({
      headings: ['Pool', 'From', 'To', 'Today'],
      rows: overview.pools.map(
        (spell) =>
          html`<tr>
            <th scope="row"><a href="/pools/${spell.key}">${spell.name}</a></th>
            <td>${formatDate(spell.from)}</td>
            <td>${spell.to ? formatDate(spell.to) : 'No end date'}</td>
            <td>${spell.current ? html`<span class="tag ok">In the pool</span>` : html`<span class="tag muted">Not in the pool</span>`}</td>
          </tr>`,
      ),
      empty: 'Not in any pool.',
    })}
  </section>`;
}

function visitsSection(overview: MemberOverview): SafeHtml {
  return html`<section aria-labelledby="visits">
    <h2 id="visits">Visits</h2>
    <p class="hint">Visits they were asked to make, this period and over the last twelve months, latest first.</p>
    ${scrollingTable({
      headings: ['Home or office', 'Period', 'Their answer', 'Visit'],
      rows: overview.visits.map(
        (visit) =>
          html`<tr>
            <th scope="row"><a href="/visits/${visit.visitId}">${visit.establishment}</a></th>
            <td>${formatDate(visit.periodStart)} to ${formatDate(visit.periodEnd)}</td>
            <td>${ANSWER_LABELS[visit.answer]}</td>
            <td>${VISIT_STATUS_LABELS[visit.status]}</td>
          </tr>`,
      ),
      empty: 'No visits in the last twelve months.',
    })}
  </section>`;
}

function trainingSection(overview: MemberOverview, canChange: boolean): SafeHtml {
  const { member } = overview;
  return html`<section aria-labelledby="training">
    <h2 id="training">Training</h2>
    ${scrollingTable({
      headings: ['Course', 'Where they stand', 'Last completed', 'Due by', canChange && html`<span class="visually-hidden">Action</span>`],
      rows: overview.training.map(
        (course) =>
          html`<tr>
            <th scope="row">${course.title}</th>
            <td>${STATE_LABELS[course.state]}${course.awaitingVerification ? '; a completion is waiting for you to verify it' : ''}</td>
            <td>${course.lastCompletedOn ? formatDate(course.lastCompletedOn) : none}</td>
            <td>${course.dueBy ? formatDate(course.dueBy) : none}</td>
            ${
              canChange
                ? html`<td>
                    <a href="/training/record?member=${encodeURIComponent(member.reference)}&amp;course=${course.courseKey}"
                      >Record a completion<span class="visually-hidden"> of ${course.title}</span></a
                    >
                  </td>`
                : ''
            }
          </tr>`,
      ),
      empty: 'No course is required of them, and they have no training recorded.',
    })}
  </section>`;
}

interface MemberForms {
  update?: FormState;
  left?: FormState;
  notice?: string;
}

function memberPage(view: OfficerView, overview: MemberOverview, forms: MemberForms = {}): SafeHtml {
  const { member, today } = overview;
  const canChange = view.officer.actor.role !== 'READ_ONLY';
  const update = forms.update ?? formState(detailValues(member));
  const left = forms.left ?? formState();
  const path = memberPath(member.reference);
  return officerPage(
    view,
    member.name,
    html`<p><a href="/members">All members</a></p>
      ${forms.notice ? html`<div class="panel" role="status">${forms.notice}</div>` : ''}
      ${formErrors(formState({}, [...update.problems, ...left.problems]), FIELD_LABELS)}
      <h1>${member.name}</h1>
      <p class="lead">${statusTag(member, today)}</p>
      <dl class="facts">
        <dt>Reference</dt>
        <dd>${member.reference}</dd>
        <dt>${FIELD_LABELS.email}</dt>
        <dd>${member.email}</dd>
        <dt>Ward</dt>
        <dd>${member.ward ?? none}</dd>
        <dt>Party</dt>
        <dd>${member.party ?? none}</dd>
        <dt>Roles</dt>
        <dd>${rolesText(member.roles)}</dd>
        <dt>Joined the council</dt>
        <dd>${formatDate(member.joinedOn)}</dd>
        <dt>Most recently elected</dt>
        <dd>${member.electedOn ? formatDate(member.electedOn) : none}</dd>
        ${
          member.leftOn
            ? html`<dt>Left the council</dt>
                <dd>${formatDate(member.leftOn)}</dd>`
            : ''
        }
      </dl>
      ${canChange ? html`<p><a href="#change">Change their details or email address</a></p>` : ''} ${poolsSection(overview)}
      ${visitsSection(overview)} ${trainingSection(overview, canChange)}
      ${
        canChange
          ? html`<section aria-labelledby="change">
              <h2 id="change">Change their details</h2>
              <form method="post" action="${path}" novalidate>
                ${csrfField(view)} ${detailFields(update)} ${electedOnField(update)}
                <button type="submit" class="button">Save changes</button>
              </form>
            </section>`
          : ''
      }
      ${
        canChange && !member.leftOn
          ? html`<section aria-labelledby="leaving">
              <h2 id="leaving">Record that they left the council</h2>
              <p>
                Their pool spells and panel seats end on the day they left, so the rota stops choosing them. Their visits, reports, training
                and pledge signatures are kept.
              </p>
              <form method="post" action="${path}/left" novalidate>
                ${csrfField(view)}
                ${textInput(left, {
                  name: 'leftOn',
                  label: FIELD_LABELS.leftOn!,
                  type: 'date',
                  hint: 'The first day they no longer serve, e.g. the day after their term ended.',
                })}
                <button type="submit" class="button secondary">Record that they left</button>
              </form>
            </section>`
          : ''
      }`,
  );
}

// ───────────────────────────── register ─────────────────────────────

function registerPage(view: OfficerView, state: FormState = formState()): SafeHtml {
  return officerPage(
    view,
    'Register a member',
    html`<p><a href="/members">All members</a></p>
      ${formErrors(state, FIELD_LABELS)}
      <h1>Register a member</h1>
      <p class="lead">Their training reminders and this year’s pledge include them from the day they join.</p>
      <form method="post" action="/members" id="${fieldId('recorded')}" novalidate>
        ${csrfField(view)}
        ${textInput(state, {
          name: 'reference',
          label: FIELD_LABELS.reference!,
          hint: 'Their reference in your committee system or payroll, e.g. NM051. It cannot be changed later.',
        })}
        ${detailFields(state)}
        ${textInput(state, {
          name: 'joinedOn',
          label: FIELD_LABELS.joinedOn!,
          type: 'date',
          hint: 'Courses required of their roles are due from this day.',
        })}
        ${electedOnField(state)}
        <button type="submit" class="button">Register the member</button>
      </form>`,
  );
}

// ───────────────────────────── import ─────────────────────────────

const importPage = (view: OfficerView, sent: CsvSent = {}) =>
  csvUploadPage(view, {
    title: 'Import a member list',
    back: { href: '/members', label: 'All members' },
    lead: 'Register new members and bring recorded ones up to date from your committee system’s export. Every row is imported, or none.',
    action: '/members/import',
    format: MEMBER_FORMAT,
    ...sent,
  });

function detailText(field: keyof MemberDetails, value: MemberDetails[keyof MemberDetails]): string {
  if (value === null || value === '') return 'none';
  if (Array.isArray(value)) return rolesText(value);
  return field === 'joinedOn' || field === 'electedOn' ? formatDate(value) : value;
}

function previewPage(view: OfficerView, preview: MemberImportPreview, csv: string): SafeHtml {
  const { additions, updates, unchanged } = preview;
  const count = (n: number) => (n === 1 ? '1 member' : `${n} members`);
  const anything = additions.length + updates.length > 0;
  return officerPage(
    view,
    'Check the member list',
    html`<p><a href="/members/import">Back to the upload</a></p>
      <h1>Check the member list</h1>
      <p class="lead">
        Nothing has changed yet. Importing this file registers ${count(additions.length)} and updates ${count(updates.length)};
        ${unchanged.length === 1 ? '1 row matches' : `${unchanged.length} rows match`} what is recorded.
      </p>
      ${previewTable('Members to register', additions, [
        { heading: 'Email address', cell: (row) => row.details.email },
        { heading: 'Ward', cell: (row) => row.details.ward ?? none },
        { heading: 'Party', cell: (row) => row.details.party ?? none },
        { heading: 'Roles', cell: (row) => rolesText(row.details.roles) },
        { heading: 'Joined', cell: (row) => formatDate(row.details.joinedOn) },
        { heading: 'Elected', cell: (row) => (row.details.electedOn ? formatDate(row.details.electedOn) : none) },
      ])}
      ${previewTable('Members whose details change', updates, [
        {
          heading: 'What changes',
          cell: (row) =>
            html`<ul>
              ${row.changes.map(
                (change) =>
                  html`<li>
                    ${FIELD_LABELS[change.field]}: ${detailText(change.field, change.recorded)} becomes
                    ${detailText(change.field, change.wanted)}
                  </li>`,
              )}
            </ul>`,
        },
      ])}
      ${previewTable('Rows that change nothing', unchanged, [])}
      ${
        anything
          ? confirmImportForm(view, {
              action: '/members/import/confirm',
              csv,
              button: `Register ${count(additions.length)} and update ${count(updates.length)}`,
              cancel: '/members/import',
            })
          : html`<p>Every row matches what is recorded, so there is nothing to import.</p>
              <p><a href="/members/import">Check a different file</a></p>`
      }`,
  );
}

// ───────────────────────────── routes ─────────────────────────────

interface ReferenceParams {
  reference: string;
}

/** The council's members: who serves, registering and changing them, leavers, and importing the list. */
export async function membersRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await acceptCsvUploads(app);
  memberListRoutes(app, deps);
  memberImportRoutes(app, deps);
  memberRecordRoutes(app, deps);
}

/** The list of members, and registering one. */
function memberListRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  app.get<{ Querystring: { left?: string; added?: string; updated?: string } }>('/members', async (request, reply) => {
    const view = officerView(request, reply);
    const includeLeft = request.query.left === 'include';
    const list = await listMembers(deps, view.officer.actor, { includeLeft });
    return sendOfficerPage(reply, listPage(view, list, { includeLeft, notice: importedNotice(request.query) }));
  });

  app.get('/members/new', async (request, reply) => sendOfficerPage(reply, registerPage(officerView(request, reply))));

  formRoute(app, '/members', {
    change: async (view, fields, request, reply) => {
      const member = await registerMember(deps, view.officer.actor, {
        ...requiredFields(fields, ['reference', 'givenName', 'familyName', 'email', 'joinedOn']),
        ward: fields.ward || undefined,
        party: fields.party || undefined,
        roles: rolesOf(request.body),
        electedOn: fields.electedOn || undefined,
      });
      return reply.redirect(`${memberPath(member.reference)}?done=registered`, 303);
    },
    refused: (view, _fields, request, problems) => registerPage(view, formState(typedValues(request), problems)),
    conflictField: 'recorded',
  });
}

/** Importing the list from a CSV file: a preview first, then the import. */
function memberImportRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  app.get('/members/import', async (request, reply) => sendOfficerPage(reply, importPage(officerView(request, reply))));

  csvImportRoutes(app, '/members/import', {
    importPage: async (view, _request, csv, problems) => importPage(view, { csv, problems }),
    preview: async (view, _request, csv) => previewPage(view, await previewMemberImport(deps, view.officer.actor, { csv }), csv),
    confirm: async (view, _request, csv) => {
      const { added, updated } = await importMembers(deps, view.officer.actor, { csv });
      return `/members?added=${added}&updated=${updated}`;
    },
  });
}

/** One member's page: their details changed, or their leaving recorded. */
function memberRecordRoutes(app: FastifyInstance, deps: ServiceDependencies): void {
  app.get<{ Params: ReferenceParams; Querystring: { done?: string; changed?: string } }>('/members/:reference', async (request, reply) => {
    const view = officerView(request, reply);
    const overview = await memberOverview(deps, view.officer.actor, { reference: request.params.reference });
    const changed = (request.query.changed ?? '').split(',').filter((field) => field in FIELD_LABELS);
    const notice = DONE_NOTICES[request.query.done ?? '']?.(overview, changed);
    return sendOfficerPage(reply, memberPage(view, overview, { notice }));
  });

  formRoute<ReferenceParams>(app, '/members/:reference', {
    change: async (view, fields, request, reply) => {
      const { reference } = request.params;
      const { changed } = await updateMember(deps, view.officer.actor, {
        reference,
        ...requiredFields(fields, ['givenName', 'familyName', 'email']),
        // Blank clears a ward, party or election date.
        ward: fields.ward ?? '',
        party: fields.party ?? '',
        roles: rolesOf(request.body),
        electedOn: fields.electedOn || null,
      });
      return reply.redirect(`${memberPath(reference)}?done=updated&changed=${changed.join(',')}`, 303);
    },
    // The only clash when changing details is an email address another member has.
    refused: async (view, _fields, request, problems) => {
      const { reference } = request.params;
      return memberPage(view, await memberOverview(deps, view.officer.actor, { reference }), {
        update: formState(typedValues(request), problems),
      });
    },
    conflictField: 'email',
  });

  formRoute<ReferenceParams>(app, '/members/:reference/left', {
    change: async (view, fields, request, reply) => {
      const { reference } = request.params;
      await recordMemberLeft(deps, view.officer.actor, { reference, leftOn: fields.leftOn ?? '' });
      return reply.redirect(`${memberPath(reference)}?done=left`, 303);
    },
    refused: async (view, fields, request, problems) => {
      const { reference } = request.params;
      return memberPage(view, await memberOverview(deps, view.officer.actor, { reference }), { left: formState(fields, problems) });
    },
  });
}
