import type { FastifyInstance } from 'fastify';

import { addDays, formatDate, municipalYearOf, type YearPeriod } from '../../../domain/calendar';
import { SEVERITY_LABELS } from '../../../domain/reports/visit-summary';
import { VISIT_DUTY } from '../../../domain/visits/duty';
import { VISIT_CADENCES, visitPeriodContaining } from '../../../domain/visits/periods';
import { defaultCadenceMonths, poolPurposeFor } from '../../../domain/visits/pools';
import { periodLabel, visitYearCalendar, type CalendarPeriod } from '../../../domain/visits/year-calendar';
import type { EstablishmentKind, ProgrammeStatus } from '../../../prisma/generated/client';
import { html, type SafeHtml } from '../../../render/html';
import type { Actor, ServiceDependencies } from '../../../services/context';
import { ConflictError, InputError } from '../../../services/errors';
import { listMembers } from '../../../services/members';
import { listPools } from '../../../services/visits/pools';
import {
  establishmentDetails,
  listProgrammes,
  pauseProgramme,
  recordConflict,
  registerEstablishment,
  resumeProgramme,
  startProgramme,
  stopProgramme,
  type EstablishmentDetails,
} from '../../../services/visits/programmes';
import { listVisits } from '../../../services/visits/visits';
import { scrollingTable } from '../../pages/table';
import { formFields, formRoute, formState, postForm, selectInput, textArea, textInput, type FormState } from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';
import { issuesInOrder, issueStatus, visitorsText, visitStatusTag } from './visits';

type Visit = Awaited<ReturnType<typeof listVisits>>[number];

const KINDS: Record<EstablishmentKind, { label: string; plural: string }> = {
  CHILDRENS_HOME: { label: 'Children’s home', plural: 'Children’s homes' },
  SOCIAL_WORK_OFFICE: { label: 'Social work office', plural: 'Social work offices' },
};

const PROGRAMME_STATUSES: Record<ProgrammeStatus, { label: string; tag: string }> = {
  ACTIVE: { label: 'Active', tag: 'ok' },
  PAUSED: { label: 'Paused', tag: 'warning' },
  STOPPED: { label: 'Stopped', tag: 'muted' },
};

const programmeTag = (status: ProgrammeStatus | null) =>
  status
    ? html`<span class="tag ${PROGRAMME_STATUSES[status].tag}">${PROGRAMME_STATUSES[status].label}</span>`
    : html`<span class="tag muted">Not started</span>`;

const isReadOnly = (view: OfficerView) => view.officer.actor.role === 'READ_ONLY';

const readOnlyNote = (view: OfficerView) =>
  isReadOnly(view) ? html`<p class="hint">You have read-only access: you can see everything here but not change it.</p>` : '';

/** "14", "14 and 3", "30, 14 and 3". */
const andList = (items: ReadonlyArray<string | number>) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items.join('');

const everyMonths = (months: number) => (months === 1 ? 'Every month' : `Every ${months} months`);

/** Blank optional fields are left out, so "not given" is not mistaken for an empty value. */
const given = (value: string | undefined) => (value?.trim() ? value : undefined);

// ───────────────────────────── the list of homes and offices ─────────────────────────────

const REGISTER_LABELS = {
  key: 'Short key',
  name: 'Name',
  kind: 'Kind',
  address: 'Address',
  ofstedUrn: 'Ofsted URN',
  managerName: 'Registered manager',
  managerEmail: 'Manager’s email address',
};

type ProgrammeLine = Awaited<ReturnType<typeof listProgrammes>>[number];

function establishmentsTable(kind: EstablishmentKind, lines: ProgrammeLine[]): SafeHtml {
  const { plural } = KINDS[kind];
  const purpose = poolPurposeFor(kind);
  const heading = `${plural} (${VISIT_DUTY[purpose].name}s)`;
  if (!lines.length) {
    return html`<h2>${heading}</h2>
      <p>None registered yet.</p>`;
  }
  return html`<h2>${heading}</h2>
    ${scrollingTable({
      caption: `${plural}, their visit programmes and latest visits`,
      captionHidden: true,
      headings: ['Name', 'Programme', 'Pool', 'Latest visit'],
      rows: lines.map(
        (line) =>
          html`<tr>
            <th scope="row">
              <a href="/establishments/${line.key}">${line.name}</a>${line.active ? '' : html` <span class="tag muted">Closed</span>`}
            </th>
            <td>
              ${programmeTag(line.programme?.status ?? null)}
              ${
                line.programme?.workflowPhase === 'NOT RUNNING'
                  ? html`<p class="hint"><span class="tag warning">Not running</span> Start it again from its page.</p>`
                  : ''
              }
            </td>
            <td>${line.programme?.pool ?? ''}</td>
            <td>
              ${
                line.currentVisit
                  ? html`<a href="/visits/${line.currentVisit.id}">${line.currentVisit.period}</a>
                      ${visitStatusTag(line.currentVisit.status)}
                      <p class="hint">${visitorsText(line.currentVisit.visitors)}</p>`
                  : 'None yet'
              }
            </td>
          </tr>`,
      ),
    })}`;
}

function registerForm(view: OfficerView, state: FormState): SafeHtml {
  if (isReadOnly(view)) return html``;
  return html`<h2 id="register">Register a home or office</h2>
    ${postForm(
      view,
      { action: '/establishments', state, labels: REGISTER_LABELS },
      html`${textInput(state, { name: 'name', label: REGISTER_LABELS.name, hint: 'The name people know it by, e.g. Oakfield House.' })}
        ${selectInput(state, {
          name: 'kind',
          label: REGISTER_LABELS.kind,
          blank: 'Choose the kind',
          choices: (Object.keys(KINDS) as EstablishmentKind[]).map((kind) => ({
            value: kind,
            label: `${KINDS[kind].label} (${VISIT_DUTY[poolPurposeFor(kind)].name}s)`,
          })),
        })}
        ${textInput(state, {
          name: 'key',
          label: REGISTER_LABELS.key,
          hint: 'Lower-case letters, digits and hyphens, e.g. oakfield-house. It is used in links and the API, and cannot be changed.',
        })}
        ${textArea(state, { name: 'address', label: `${REGISTER_LABELS.address} (optional)`, rows: 3 })}
        ${textInput(state, { name: 'ofstedUrn', label: `${REGISTER_LABELS.ofstedUrn} (optional)`, hint: 'For children’s homes, e.g. SC123456.' })}
        ${textInput(state, { name: 'managerName', label: `${REGISTER_LABELS.managerName} (optional)`, autocomplete: 'off' })}
        ${textInput(state, { name: 'managerEmail', label: `${REGISTER_LABELS.managerEmail} (optional)`, type: 'email', autocomplete: 'off' })}
        <div><button type="submit" class="button">Register</button></div>`,
    )}`;
}

async function listPage(deps: ServiceDependencies, view: OfficerView, state: FormState = formState()): Promise<SafeHtml> {
  const lines = await listProgrammes(deps, view.officer.actor);
  return officerPage(
    view,
    'Homes and offices',
    html`<h1>Homes and offices</h1>
      <p class="lead">
        The council’s children’s homes (visited every month under Regulation 33) and social work offices (visited under Recommendation 41),
        with their visit programmes.
      </p>
      ${readOnlyNote(view)}
      ${(Object.keys(KINDS) as EstablishmentKind[]).map((kind) =>
        establishmentsTable(
          kind,
          lines.filter((line) => line.kind === kind),
        ),
      )}
      ${registerForm(view, state)}`,
  );
}

// ───────────────────────────── one home or office ─────────────────────────────

interface EstablishmentData {
  details: EstablishmentDetails;
  visits: Visit[];
  /** Pools that may visit this kind of establishment. */
  pools: Array<{ key: string; name: string; membersNow: number }>;
  members: Array<{ reference: string; name: string }>;
}

async function establishmentData(deps: ServiceDependencies, actor: Actor, key: string): Promise<EstablishmentData> {
  const details = await establishmentDetails(deps, actor, key);
  const [visits, pools, members] = await Promise.all([
    listVisits(deps, actor, { establishmentKey: key }),
    listPools(deps, actor),
    listMembers(deps, actor),
  ]);
  return {
    details,
    visits,
    pools: pools.filter((pool) => pool.purpose === poolPurposeFor(details.kind)),
    members: members.members,
  };
}

const PROGRAMME_LABELS = {
  poolKey: 'Pool',
  cadenceMonths: 'How often',
  visitorsPerVisit: 'Visitors per visit',
  reminderDays: 'Reminders',
  responseDays: 'Days to accept',
};

const CONFLICT_LABELS = { memberReference: 'Member', reason: 'Conflict of interest', from: 'From', to: 'Until' };

function programmeValues(data: EstablishmentData): FormState['values'] {
  const { programme, kind } = data.details;
  return {
    poolKey: programme?.poolKey ?? (data.pools.length === 1 ? data.pools[0]!.key : undefined),
    cadenceMonths: String(programme?.cadenceMonths ?? defaultCadenceMonths(poolPurposeFor(kind))),
    visitorsPerVisit: String(programme?.visitorsPerVisit ?? 1),
    reminderDays: (programme?.reminderDays ?? [14, 3]).join(', '),
    responseDays: String(programme?.responseDays ?? 5),
  };
}

function programmeForm(view: OfficerView, data: EstablishmentData, state: FormState | undefined): SafeHtml {
  const { details, pools } = data;
  const purpose = poolPurposeFor(details.kind);
  if (!pools.length) {
    return html`<p>
      There is no ${VISIT_DUTY[purpose].name} pool yet. <a href="/pools">Register the pool</a> of members agreed to make these visits, then
      start the programme here.
    </p>`;
  }
  const current = state ?? formState(programmeValues(data));
  const starting = !details.programme || details.programme.status === 'STOPPED';
  const form = html`${postForm(
    view,
    { action: `/establishments/${details.key}/programme`, state: current, labels: PROGRAMME_LABELS },
    html`${selectInput(current, {
        name: 'poolKey',
        label: PROGRAMME_LABELS.poolKey,
        hint: 'The members agreed to make these visits.',
        blank: 'Choose a pool',
        choices: pools.map((pool) => ({
          value: pool.key,
          label: `${pool.name} (${pool.membersNow} ${pool.membersNow === 1 ? 'member' : 'members'} today)`,
        })),
      })}
      ${
        details.kind === 'CHILDRENS_HOME'
          ? html`<p>
              <strong>${PROGRAMME_LABELS.cadenceMonths}:</strong> every month. Regulation 33 requires a visit to each home monthly.
            </p>`
          : selectInput(current, {
              name: 'cadenceMonths',
              label: PROGRAMME_LABELS.cadenceMonths,
              hint: 'Periods count from the start of the municipal year in May.',
              choices: VISIT_CADENCES.map((months) => ({ value: String(months), label: everyMonths(months) })),
            })
      }
      ${selectInput(current, {
        name: 'visitorsPerVisit',
        label: PROGRAMME_LABELS.visitorsPerVisit,
        choices: [
          { value: '1', label: 'One member' },
          { value: '2', label: 'Two members' },
        ],
      })}
      ${textInput(current, {
        name: 'reminderDays',
        label: PROGRAMME_LABELS.reminderDays,
        hint: 'Days before the period ends on which visitors are reminded, separated by commas, e.g. 14, 3. Leave empty for none.',
      })}
      ${textInput(current, {
        name: 'responseDays',
        label: PROGRAMME_LABELS.responseDays,
        hint: 'Days a member has to accept before the visit is offered to someone else, e.g. 5.',
        inputmode: 'numeric',
      })}
      <div><button type="submit" class="button">${starting ? 'Start the programme' : 'Save the settings'}</button></div>`,
  )}`;
  if (starting) {
    return html`<h3>${details.programme ? 'Start the programme again' : 'Start the programme'}</h3>
      <p>The programme asks this period’s visitor straight away, then arranges each period’s visit in turn.</p>
      ${form}`;
  }
  return html`<details ${current.problems.length ? html`open` : ''}>
    <summary>Change the programme’s settings</summary>
    <p class="hint">Saving also resumes a paused programme.</p>
    ${form}
  </details>`;
}

function programmeActions(view: OfficerView, details: EstablishmentDetails): SafeHtml {
  const status = details.programme?.status;
  if (!status || status === 'STOPPED') return html``;
  const action = (path: string, label: string, secondary = true) =>
    html`<form method="post" action="/establishments/${details.key}/programme/${path}" class="inline">
      ${csrfField(view)}
      <button type="submit" class="button ${secondary ? 'secondary' : ''}">${label}</button>
    </form>`;
  return html`${status === 'ACTIVE' ? action('pause', 'Pause the programme') : action('resume', 'Resume the programme', false)}
    ${action('stop', 'Stop the programme')}
    <p class="hint">
      Pausing cancels this period’s open visit and clears the visitors’ calendars; resuming opens it again. Stopping ends the programme
      until you start it again.
    </p>`;
}

/** The period containing today and its visit, if the programme has opened it yet. */
function currentPeriodOf(data: EstablishmentData) {
  const { details, visits } = data;
  if (!details.programme) return null;
  const period = visitPeriodContaining(details.today, details.programme.cadenceMonths, details.municipalYearStartMonth);
  const visit = visits.find((candidate) => candidate.periodStart >= period.start && candidate.periodStart <= period.end);
  return { period, visit };
}

function programmeSection(view: OfficerView, data: EstablishmentData, state: FormState | undefined): SafeHtml {
  const { details } = data;
  const { programme } = details;
  const writable = !isReadOnly(view);
  if (!programme) {
    return html`<h2 id="programme">Visit programme</h2>
      <p>${programmeTag(null)} No visits are being arranged for ${details.name} yet.</p>
      ${writable && details.active ? programmeForm(view, data, state) : ''}`;
  }
  const current = currentPeriodOf(data);
  const reminders = programme.reminderDays.length ? `${andList(programme.reminderDays)} days before the period ends` : 'None';
  return html`<h2 id="programme">Visit programme</h2>
    <dl class="facts">
      <dt>Status</dt>
      <dd>${programmeTag(programme.status)}</dd>
      <dt>Pool</dt>
      <dd><a href="/pools">${programme.poolName}</a></dd>
      <dt>Visits</dt>
      <dd>${everyMonths(programme.cadenceMonths)}</dd>
      <dt>Visitors per visit</dt>
      <dd>${programme.visitorsPerVisit === 1 ? 'One member' : `${programme.visitorsPerVisit} members`}</dd>
      <dt>Reminders</dt>
      <dd>${reminders}</dd>
      <dt>Days to accept</dt>
      <dd>${programme.responseDays}, then the visit is offered to someone else</dd>
      <dt>Started</dt>
      <dd>${formatDate(programme.startsOn)}</dd>
    </dl>
    ${
      current && programme.status === 'ACTIVE'
        ? current.visit
          ? html`<p>
              <strong>This period (${periodLabel(current.period)}):</strong> ${visitStatusTag(current.visit.status)}
              ${visitorsText(current.visit.visitors)}. <a href="/visits/${current.visit.id}">See the visit</a>
            </p>`
          : html`<div class="panel" role="status">
              Allocation is in progress for ${periodLabel(current.period)}: the programme is choosing this period’s visitor. Refresh in a
              moment to see who was asked.
            </div>`
        : ''
    }
    ${writable ? programmeActions(view, details) : ''} ${writable && details.active ? programmeForm(view, data, state) : ''}`;
}

/** What a period with no visit row means, from where it stands against today and the programme. */
function emptyPeriodStatus(period: CalendarPeriod<Visit>, programme: NonNullable<EstablishmentDetails['programme']>): SafeHtml {
  const muted = (text: string) => html`<span class="tag muted">${text}</span>`;
  if (period.timing === 'FUTURE') return muted('Not open yet');
  if (period.end < programme.startsOn) return muted('Before the programme started');
  if (period.timing === 'CURRENT') {
    if (programme.status === 'ACTIVE') return html`<span class="tag">Allocation in progress</span>`;
    return muted(programme.status === 'PAUSED' ? 'Programme paused' : 'Programme stopped');
  }
  return html`<span class="tag warning">No visit: programme paused or stopped</span>`;
}

const YEAR_PATTERN = /^\d{4}$/;

/**
 * The visit calendar shows a municipal year (May to April), not the next 12
 * months: visit periods count from May, the scrutiny panel's quarterly and
 * six-monthly visit reports follow the municipal year, and a chair preparing
 * for an inspection is asked how this year's programme has gone: the months
 * done and missed as well as those still to come.
 */
function calendarSection(data: EstablishmentData, yearParam: string | undefined): SafeHtml {
  const { details, visits } = data;
  const { programme } = details;
  if (!programme) return html``;
  const ysm = details.municipalYearStartMonth;
  const thisYear = municipalYearOf(details.today, ysm);
  const within = yearParam && YEAR_PATTERN.test(yearParam) ? `${yearParam}-${String(ysm).padStart(2, '0')}-01` : details.today;
  const calendar = visitYearCalendar({ within, cadenceMonths: programme.cadenceMonths, yearStartMonth: ysm, today: details.today, visits });
  const { year } = calendar;
  const yearLink = (target: YearPeriod, text: string) =>
    html`<a href="/establishments/${details.key}?year=${target.startYear}#calendar">${text} (${target.label})</a> `;
  const yearLinks = [
    visits.some((visit) => visit.periodStart < year.start) || programme.startsOn < year.start
      ? yearLink(municipalYearOf(addDays(year.start, -1), ysm), 'Previous year')
      : '',
    year.startYear < thisYear.startYear ? yearLink(thisYear, 'This year') : '',
  ].filter(Boolean);
  const rows = calendar.periods.flatMap((period) => {
    const label = html`${period.label}${period.timing === 'CURRENT' ? html` <span class="tag">This period</span>` : ''}`;
    if (!period.visits.length) {
      return [
        html`<tr>
          <th scope="row">${label}</th>
          <td>${emptyPeriodStatus(period, programme)}</td>
          <td></td>
          <td></td>
        </tr>`,
      ];
    }
    return period.visits.map(
      (visit) =>
        html`<tr>
          <th scope="row"><a href="/visits/${visit.id}">${label}</a></th>
          <td>${visitStatusTag(visit.status)}</td>
          <td>${visitorsText(visit.visitors)}</td>
          <td>${visit.report?.visitedOnText ?? ''}</td>
        </tr>`,
    );
  });
  return html`<h2 id="calendar">Visits in ${year.label}</h2>
    <p class="hint">The municipal year, ${formatDate(year.start)} to ${formatDate(year.end)}: the year the panel’s visit reports cover.</p>
    ${yearLinks.length ? html`<p>${yearLinks}</p>` : ''}
    ${scrollingTable({
      caption: `Visit periods of ${year.label}, with each visit’s status and visitors`,
      captionHidden: true,
      headings: ['Period', 'Status', 'Visitors', 'Visited on'],
      rows,
    })}`;
}

const visitPeriodLabel = (visit: Visit) => periodLabel({ start: visit.periodStart, end: visit.periodEnd });

function historySection(view: OfficerView, data: EstablishmentData): SafeHtml {
  const { visits, details } = data;
  if (!visits.length) return html``;
  // Open issues first, so what still needs chasing is at the top.
  const issues = issuesInOrder(visits.flatMap((visit) => (visit.report?.issues ?? []).map((issue) => ({ ...issue, visit }))));
  const issueCounts = (visit: Visit) => {
    const found = visit.report?.issues ?? [];
    const open = found.filter((issue) => !issue.resolvedOn).length;
    return found.length ? `${found.length} issue${found.length === 1 ? '' : 's'}${open ? ` (${open} open)` : ''}` : 'No issues';
  };
  return html`<h2 id="history">History</h2>
    <h3 id="issues">Issues found</h3>
    ${
      issues.length
        ? scrollingTable({
            caption: `Issues found on visits to ${details.name}, open issues first`,
            captionHidden: true,
            headings: ['Visit', 'Category', 'Severity', 'What was found', 'Status'],
            rows: issues.map(
              (issue) =>
                html`<tr>
                  <th scope="row">
                    <a href="/visits/${issue.visit.id}">${visitPeriodLabel(issue.visit)}</a>
                    ${issue.visit.report ? html`<p class="hint">Visited ${issue.visit.report.visitedOnText}</p>` : ''}
                  </th>
                  <td>${issue.category}</td>
                  <td>${SEVERITY_LABELS[issue.severity]}</td>
                  <td>${issue.description}</td>
                  <td>${issueStatus(view, issue, { visitId: issue.visit.id, today: details.today, back: 'establishment' })}</td>
                </tr>`,
            ),
          })
        : html`<p>No issues have been reported.</p>`
    }
    <h3>All visits</h3>
    ${scrollingTable({
      caption: `Every visit to ${details.name}, newest first`,
      captionHidden: true,
      headings: ['Period', 'Status', 'Visitors', 'Report'],
      rows: visits.map(
        (visit) =>
          html`<tr>
            <th scope="row"><a href="/visits/${visit.id}">${visitPeriodLabel(visit)}</a></th>
            <td>${visitStatusTag(visit.status)}</td>
            <td>${visitorsText(visit.visitors)}</td>
            <td>${visit.report ? `Visited ${visit.report.visitedOnText}. ${issueCounts(visit)}.` : 'None'}</td>
          </tr>`,
      ),
    })}`;
}

function conflictsSection(view: OfficerView, data: EstablishmentData, state: FormState | undefined): SafeHtml {
  const { details, members } = data;
  const current = state ?? formState({ from: details.today });
  return html`<h2 id="conflicts">Conflicts of interest</h2>
    <p>A member with a conflict of interest here (a relative in the home, for example) is not asked to visit while it applies.</p>
    ${
      details.conflicts.length
        ? scrollingTable({
            caption: `Conflicts of interest recorded for ${details.name}`,
            captionHidden: true,
            headings: ['Member', 'Conflict', 'From', 'Until', 'Recorded by'],
            rows: details.conflicts.map(
              (conflict) =>
                html`<tr>
                  <th scope="row"><a href="/members/${conflict.memberReference}">${conflict.memberName}</a></th>
                  <td>${conflict.reason}</td>
                  <td>${formatDate(conflict.from)}</td>
                  <td>${conflict.to ? formatDate(conflict.to) : 'No end date'}</td>
                  <td>${conflict.recordedBy}</td>
                </tr>`,
            ),
          })
        : html`<p>None recorded.</p>`
    }
    ${
      isReadOnly(view)
        ? ''
        : html`<h3>Record a conflict of interest</h3>
            ${postForm(
              view,
              { action: `/establishments/${details.key}/conflicts`, state: current, labels: CONFLICT_LABELS },
              html`${selectInput(current, {
                  name: 'memberReference',
                  label: CONFLICT_LABELS.memberReference,
                  blank: 'Choose the member',
                  choices: members.map((member) => ({ value: member.reference, label: `${member.name} (${member.reference})` })),
                })}
                ${textArea(current, {
                  name: 'reason',
                  label: CONFLICT_LABELS.reason,
                  hint: 'Briefly, as officers should see it. Do not name children.',
                  rows: 2,
                })}
                ${textInput(current, { name: 'from', label: CONFLICT_LABELS.from, type: 'date' })}
                ${textInput(current, { name: 'to', label: `${CONFLICT_LABELS.to} (optional)`, type: 'date', hint: 'Leave empty if it has no end.' })}
                <div><button type="submit" class="button">Record the conflict</button></div>`,
            )}`
    }`;
}

const NOTICES: Record<string, string> = {
  registered: 'Registered. Start its visit programme below.',
  started: 'The visit programme is running. It chooses this period’s visitor in the background: refresh in a moment to see who was asked.',
  paused: 'The programme is paused. This period’s open visit is cancelled and the visitors’ calendars are cleared.',
  resumed: 'The programme has resumed, and this period’s visit is open again.',
  stopped: 'The programme has stopped. No more visits will be arranged until you start it again.',
  conflict: 'The conflict of interest has been recorded. The member will not be asked to visit while it applies.',
  resolved: 'The issue has been marked resolved.',
};

function establishmentPage(
  view: OfficerView,
  data: EstablishmentData,
  options: { year?: string; notice?: string; programme?: FormState; conflict?: FormState } = {},
): SafeHtml {
  const { details } = data;
  const kind = KINDS[details.kind];
  return officerPage(
    view,
    details.name,
    html`<p><a href="/establishments">All homes and offices</a></p>
      <h1>${details.name}</h1>
      <p class="lead">${kind.label}: ${VISIT_DUTY[poolPurposeFor(details.kind)].name}s</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''} ${readOnlyNote(view)}
      <dl class="facts">
        ${
          details.active
            ? ''
            : html`<dt>Status</dt>
                <dd><span class="tag muted">Closed</span> No visits are arranged.</dd>`
        }
        <dt>Address</dt>
        <dd>${details.address ?? 'Not recorded'}</dd>
        ${
          details.ofstedUrn
            ? html`<dt>Ofsted URN</dt>
                <dd>${details.ofstedUrn}</dd>`
            : ''
        }
        <dt>Registered manager</dt>
        <dd>
          ${details.managerName ?? 'Not recorded'}${details.managerEmail ? html`, <a href="mailto:${details.managerEmail}">${details.managerEmail}</a>` : ''}
        </dd>
        <dt>Key</dt>
        <dd>${details.key}</dd>
      </dl>
      ${programmeSection(view, data, options.programme)} ${calendarSection(data, options.year)} ${historySection(view, data)}
      ${conflictsSection(view, data, options.conflict)}`,
  );
}

/** Form problems on list fields (reminderDays.1) belong to the one input the list was typed in. */
const onInputs = (problems: InputError['problems']) => problems.map((problem) => ({ ...problem, field: problem.field.split('.')[0]! }));

/** The council's homes and offices, each with its programme, calendar, history and conflicts of interest. */
export async function establishmentsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/establishments', async (request, reply) => sendOfficerPage(reply, await listPage(deps, officerView(request, reply))));

  app.post('/establishments', async (request, reply) => {
    const view = officerView(request, reply);
    const fields = formFields(request.body);
    try {
      const establishment = await registerEstablishment(deps, view.officer.actor, {
        key: fields.key ?? '',
        name: fields.name ?? '',
        kind: fields.kind as EstablishmentKind,
        address: given(fields.address),
        ofstedUrn: given(fields.ofstedUrn),
        managerName: given(fields.managerName),
        managerEmail: given(fields.managerEmail),
      });
      return reply.redirect(`/establishments/${establishment.key}?done=registered`, 303);
    } catch (error) {
      const problems =
        error instanceof InputError ? error.problems : error instanceof ConflictError ? [{ field: 'key', message: error.message }] : null;
      if (!problems) throw error;
      return sendOfficerPage(reply, await listPage(deps, view, formState(fields, problems)), 400);
    }
  });

  app.get<{ Params: { key: string }; Querystring: { year?: string; done?: string } }>('/establishments/:key', async (request, reply) => {
    const view = officerView(request, reply);
    const data = await establishmentData(deps, view.officer.actor, request.params.key);
    return sendOfficerPage(reply, establishmentPage(view, data, { year: request.query.year, notice: NOTICES[request.query.done ?? ''] }));
  });

  formRoute<{ key: string }>(app, '/establishments/:key/programme', {
    change: async (view, fields, request, reply) => {
      const { key } = request.params;
      await startProgramme(deps, view.officer.actor, {
        establishmentKey: key,
        poolKey: fields.poolKey ?? '',
        cadenceMonths: given(fields.cadenceMonths),
        visitorsPerVisit: fields.visitorsPerVisit,
        reminderDays: (fields.reminderDays ?? '').split(/[\s,]+/).filter(Boolean),
        responseDays: fields.responseDays,
      });
      return reply.redirect(`/establishments/${key}?done=started#programme`, 303);
    },
    refused: async (view, fields, request, problems) =>
      establishmentPage(view, await establishmentData(deps, view.officer.actor, request.params.key), {
        programme: formState(fields, onInputs(problems)),
      }),
  });

  for (const [action, change, done] of [
    ['pause', pauseProgramme, 'paused'],
    ['resume', resumeProgramme, 'resumed'],
    ['stop', stopProgramme, 'stopped'],
  ] as const) {
    app.post<{ Params: { key: string } }>(`/establishments/:key/programme/${action}`, async (request, reply) => {
      await change(deps, officerView(request, reply).officer.actor, { establishmentKey: request.params.key });
      return reply.redirect(`/establishments/${request.params.key}?done=${done}#programme`, 303);
    });
  }

  formRoute<{ key: string }>(app, '/establishments/:key/conflicts', {
    change: async (view, fields, request, reply) => {
      const { key } = request.params;
      await recordConflict(deps, view.officer.actor, {
        establishmentKey: key,
        memberReference: fields.memberReference ?? '',
        reason: fields.reason ?? '',
        from: fields.from ?? '',
        to: given(fields.to),
      });
      return reply.redirect(`/establishments/${key}?done=conflict#conflicts`, 303);
    },
    refused: async (view, fields, request, problems) =>
      establishmentPage(view, await establishmentData(deps, view.officer.actor, request.params.key), {
        conflict: formState(fields, problems),
      }),
  });
}
