import type { FastifyInstance } from 'fastify';

import { formatDate, formatDateTime } from '../../domain/calendar';
import { html, type SafeHtml } from '../../render/html';
import { auditLog, type AuditLogPage } from '../../services/audit-log';
import type { ServiceDependencies } from '../../services/context';
import { scrollingTable } from '../pages/table';
import { filterForm, formState } from './forms';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

/** What each action means, in the words of the people who did it. Actions not listed show their key. */
const ACTION_TEXT: Record<string, string> = {
  'api-token.created': 'Created an API token',
  'conflict.recorded': 'Recorded a conflict of interest',
  'course.registered': 'Added a course',
  'course.updated': 'Changed a course',
  'election.recorded': 'Recorded an election',
  'distribution.added': 'Added someone to a panel’s distribution list',
  'distribution.imported': 'Imported a panel’s distribution list',
  'distribution.removed': 'Took someone off a panel’s distribution list',
  'email.failure-resolved': 'Dealt with an undelivered email',
  'establishment.registered': 'Added a home or office',
  'issue.resolved': 'Marked a visit issue resolved',
  'meeting.added': 'Added a panel meeting',
  'meeting.cancelled': 'Cancelled a panel meeting',
  'meeting.moved': 'Moved a panel meeting',
  'meetings.imported': 'Imported panel meetings',
  'member.left': 'Recorded that a member left',
  'member.registered': 'Added a member',
  'member.updated': 'Changed a member’s details',
  'members.imported': 'Imported members',
  'officer.added': 'Added an officer',
  'officer.locked': 'Account paused after wrong passwords',
  'officer.password-set': 'Set a password',
  'officer.signed-in': 'Signed in',
  'officer.signed-out': 'Signed out',
  'panel.created': 'Added a panel',
  'panel.edited': 'Changed a panel’s details',
  'panel-meeting.invitations-sent': 'Sent a meeting’s invitations',
  'pledge.commitment-renewed': 'Recorded Council’s renewed commitment',
  'pledge.confirmed': 'Confirmed the pledge',
  'pledge.signatures-recorded': 'Recorded pledge signatures from the event',
  'pledge.signed-online': 'Signed the pledge online',
  'pool.members-imported': 'Imported pool members',
  'pool.membership-ended': 'Took a member out of a pool',
  'pool.registered': 'Added a pool',
  'programme.started': 'Started a visit programme',
  'report-duty.registered': 'Added a report duty',
  'report-duty.updated': 'Changed a report duty',
  'report.approved': 'Approved a report for circulation',
  'report.produced': 'Produced a report',
  'seat.added': 'Gave a member a panel seat',
  'seat.ended': 'Ended a member’s panel seat',
  'training.confirmed-by-member': 'Confirmed a training completion',
  'training.recorded': 'Recorded a training completion',
  'training.register-imported': 'Imported a training register',
  'training.verified': 'Verified a training completion',
  'visit.report-recorded': 'Recorded a visit report on the visitor’s behalf',
};

const ENTITY_NAMES: Record<string, string> = {
  ApiToken: 'API token',
  ConflictOfInterest: 'Conflict of interest',
  Council: 'Council',
  Course: 'Course',
  Establishment: 'Home or office',
  Member: 'Member',
  Notification: 'Email',
  Officer: 'Officer',
  Panel: 'Panel',
  PanelDistribution: 'Distribution list entry',
  PanelMeeting: 'Panel meeting',
  PanelSeat: 'Panel seat',
  Pledge: 'Pledge',
  Pool: 'Pool',
  PoolMembership: 'Pool membership',
  Report: 'Report',
  ReportDuty: 'Report duty',
  TrainingRecord: 'Training record',
  Visit: 'Visit',
  VisitIssue: 'Visit issue',
  VisitProgramme: 'Visit programme',
};

type AuditEntry = AuditLogPage['events'][number];

/** The page a record is shown on, where there is one. */
function recordHref(entity: AuditEntry['entity']): string | null {
  if (entity.type === 'Visit') return `/visits/${entity.id}`;
  if (entity.type === 'Report') return `/reports/${entity.id}`;
  if (entity.type === 'Member' && entity.reference) return `/members/${entity.reference}`;
  if (entity.type === 'PanelMeeting') return `/reports/meetings#meeting-${entity.id}`;
  return null;
}

/** "completedOn" → "completed on". */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** A detail's value as a person reads it: dates with their weekday, lists joined. */
function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return formatDateTime(new Date(value));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const detailsText = (details: AuditEntry['details']) =>
  Object.entries(details ?? {})
    .map(([key, value]) => `${words(key)}: ${valueText(value)}`)
    .join('; ');

function entryRow(entry: AuditEntry): SafeHtml {
  const href = recordHref(entry.entity);
  const record = `${ENTITY_NAMES[entry.entity.type] ?? entry.entity.type} ${entry.entity.name ?? entry.entity.id}`;
  const details = detailsText(entry.details);
  return html`<tr>
    <td>${entry.when}</td>
    <td>${entry.who}</td>
    <td>${ACTION_TEXT[entry.action] ?? entry.action} ${details ? html`<p class="hint">${details}</p>` : ''}</td>
    <td>${href ? html`<a href="${href}">${record}</a>` : record}</td>
  </tr>`;
}

interface AuditQuery {
  action?: string;
  officer?: string;
  before?: string;
}

/** The query string of a page of the log with the same filters. */
const pageLink = (filters: { action?: string; officerId?: string }, before?: string) => {
  const query = new URLSearchParams();
  if (filters.action) query.set('action', filters.action);
  if (filters.officerId) query.set('officer', filters.officerId);
  if (before) query.set('before', before);
  return `/audit${query.size ? `?${query.toString()}` : ''}`;
};

function auditBody(log: AuditLogPage, filters: { action?: string; officerId?: string }, firstPage: boolean): SafeHtml {
  const filterState = formState({ action: filters.action, officer: filters.officerId });
  return html`<h1>Audit log</h1>
    <p class="lead">Every change made in this council, who made it and when, newest first.</p>
    ${filterForm({ action: '/audit', state: filterState, showAll: 'Show everything' }, [
      {
        name: 'action',
        label: 'What was changed',
        blank: 'Anything',
        choices: log.areas.map((area) => ({ value: area, label: area.slice(0, -1).replace(/-/g, ' ') })),
      },
      {
        name: 'officer',
        label: 'By',
        blank: 'Anyone',
        choices: log.officers.map((officer) => ({ value: officer.id, label: officer.name })),
      },
    ])}
    ${
      log.events.length
        ? scrollingTable({
            caption: `${firstPage ? 'The latest changes' : 'Older changes'}${filters.action || filters.officerId ? ', filtered' : ''}`,
            headings: ['When', 'Who', 'What', 'Record'],
            rows: log.events.map(entryRow),
          })
        : html`<p>Nothing recorded${filters.action || filters.officerId ? ' that matches' : ''}.</p>`
    }
    <nav aria-label="Pages of the log">
      <ul>
        ${firstPage ? '' : html`<li><a href="${pageLink(filters)}">Newest changes</a></li>`}
        ${log.older ? html`<li><a href="${pageLink(filters, log.older)}" rel="next">Older changes</a></li>` : ''}
      </ul>
    </nav>`;
}

/** The audit log: the council's changes, newest first, filtered by what changed or who changed it. */
export async function auditRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/audit', async (request, reply) => {
    const view: OfficerView = officerView(request, reply);
    // An empty choice in the filter form means no filter.
    const filters = { action: request.query.action || undefined, officerId: request.query.officer || undefined };
    const log = await auditLog(deps, view.officer.actor, { ...filters, before: request.query.before || undefined });
    return sendOfficerPage(reply, officerPage(view, 'Audit log', auditBody(log, filters, !request.query.before)));
  });
}
