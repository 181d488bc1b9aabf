import type { FastifyInstance } from 'fastify';

import { formatDate } from '../../../domain/calendar';
import { VISIT_DUTY } from '../../../domain/visits/duty';
import { describeSpell } from '../../../domain/visits/pools';
import { PoolPurpose } from '../../../prisma/generated/client';
import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { ConflictError, NotFoundError } from '../../../services/errors';
import {
  endPoolMembership,
  importPoolMembers,
  listPools,
  poolMembers,
  POOL_MEMBER_COLUMNS,
  previewPoolMembersImport,
  registerPool,
  type PoolImportPreview,
  type PoolMembers,
  type PoolSummary,
} from '../../../services/visits/pools';
import { scrollingTable } from '../../pages/table';
import { csvFormat, MEMBER_NAMED_BY } from '../csv-format';
import { acceptCsvUploads, confirmImportForm, csvImportRoutes, csvUploadPage, previewTable, type CsvSent } from '../csv-upload';
import { formErrors, formRoute, formState, selectInput, textInput, type FormState } from '../forms';
import { memberPath } from '../members';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

/** "Regulation 33 visits to children's homes". */
const PURPOSE_LABELS = Object.fromEntries(
  Object.values(PoolPurpose).map((purpose) => [purpose, `${VISIT_DUTY[purpose].name}s to ${VISIT_DUTY[purpose].place}s`]),
) as Record<PoolPurpose, string>;

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  key: 'Key',
  purpose: 'Visits',
  approvedBy: 'Agreed by',
  approvedOn: 'Agreed on',
  memberReference: 'Member',
  on: 'Their last day in the pool',
};

const POOL_FORMAT = csvFormat(
  POOL_MEMBER_COLUMNS,
  {
    ...MEMBER_NAMED_BY,
    from: 'Their first day in the pool, written YYYY-MM-DD, e.g. 2026-06-01.',
    to: 'Their last day in the pool, written YYYY-MM-DD. Leave it blank if they stay.',
  },
  ['NM004,,2026-06-01,', ',sam.jones@members.example,2026-06-01,2027-05-31'],
);

const poolPath = (key: string) => `/pools/${key}`;

// ───────────────────────────── list and register ─────────────────────────────

function poolsPage(view: OfficerView, pools: PoolSummary[], state: FormState = formState()): SafeHtml {
  const canChange = view.officer.actor.role !== 'READ_ONLY';
  return officerPage(
    view,
    'Pools',
    html`${formErrors(state, FIELD_LABELS)}
      <h1>Pools</h1>
      <p class="lead">The members agreed to make each kind of visit. The visit rotas choose visitors from these pools.</p>
      ${
        pools.length
          ? scrollingTable({
              caption: 'The council’s pools',
              captionHidden: true,
              headings: ['Pool', 'Visits', 'Agreed', 'In the pool today'],
              rows: pools.map(
                (pool) =>
                  html`<tr>
                    <th scope="row"><a href="${poolPath(pool.key)}">${pool.name}</a></th>
                    <td>${PURPOSE_LABELS[pool.purpose]}</td>
                    <td>By ${pool.approvedBy} on ${formatDate(pool.approvedOn)}</td>
                    <td>${pool.membersNow}</td>
                  </tr>`,
              ),
            })
          : html`<p>No pools are registered yet.</p>`
      }
      ${
        canChange
          ? html`<section aria-labelledby="register">
              <h2 id="register">Register a pool</h2>
              <p>Register a pool once Cabinet (or another body) has agreed it; then add its members from a CSV file.</p>
              <form method="post" action="/pools" novalidate>
                ${csrfField(view)}
                ${textInput(state, { name: 'name', label: FIELD_LABELS.name!, hint: 'What people call it, e.g. Regulation 33 visiting pool.' })}
                ${textInput(state, {
                  name: 'key',
                  label: FIELD_LABELS.key!,
                  hint: 'A short name for links and files: lower-case letters, digits and hyphens, e.g. reg33-pool. It cannot be changed later.',
                })}
                ${selectInput(state, {
                  name: 'purpose',
                  label: FIELD_LABELS.purpose!,
                  blank: 'Choose the visits its members make',
                  choices: Object.values(PoolPurpose).map((purpose) => ({ value: purpose, label: PURPOSE_LABELS[purpose] })),
                })}
                ${textInput(state, { name: 'approvedBy', label: FIELD_LABELS.approvedBy!, hint: 'The body that agreed the pool, e.g. Cabinet.' })}
                ${textInput(state, { name: 'approvedOn', label: FIELD_LABELS.approvedOn!, type: 'date' })}
                <button type="submit" class="button">Register the pool</button>
              </form>
            </section>`
          : ''
      }`,
  );
}

// ───────────────────────────── one pool ─────────────────────────────

function poolNotice(data: PoolMembers, query: PoolQuery): string | undefined {
  if (query.done === 'registered') return 'The pool is registered. Add its members from a CSV file.';
  const added = Number(query.added);
  if (query.added && Number.isInteger(added)) return `Added ${added === 1 ? '1 spell' : `${added} spells`} to the pool.`;
  const ended = data.members.find((member) => member.reference === query.ended);
  const lastDay = ended?.spells.at(-1)?.to;
  if (ended && lastDay) return `${ended.name}’s spell in the pool now ends on ${formatDate(lastDay)}.`;
  return undefined;
}

function poolPage(view: OfficerView, data: PoolMembers, notice?: string): SafeHtml {
  const { pool, members, on } = data;
  const canChange = view.officer.actor.role !== 'READ_ONLY';
  const inPool = members.filter((member) => member.inPool).length;
  return officerPage(
    view,
    pool.name,
    html`<p><a href="/pools">All pools</a></p>
      ${notice ? html`<div class="panel" role="status">${notice}</div>` : ''}
      <h1>${pool.name}</h1>
      <dl class="facts">
        <dt>Visits</dt>
        <dd>${PURPOSE_LABELS[pool.purpose]}</dd>
        <dt>Agreed by</dt>
        <dd>${pool.approvedBy}</dd>
        <dt>Agreed on</dt>
        <dd>${formatDate(pool.approvedOn)}</dd>
        <dt>Key</dt>
        <dd>${pool.key}</dd>
      </dl>
      <p class="lead">In the pool on ${formatDate(on)}: ${inPool === 1 ? '1 member' : `${inPool} members`}.</p>
      ${canChange ? html`<p><a href="${poolPath(pool.key)}/import">Add members from a CSV file</a></p>` : ''}
      ${
        members.length
          ? scrollingTable({
              caption: 'Everyone who has been in the pool, with their spells',
              headings: ['Member', 'Reference', 'Today', 'Spells', canChange && html`<span class="visually-hidden">Action</span>`],
              rows: members.map((member) => {
                const open = member.spells.some((spell) => spell.to === null);
                return html`<tr>
                  <th scope="row"><a href="${memberPath(member.reference)}">${member.name}</a></th>
                  <td>${member.reference}</td>
                  <td>
                    ${member.inPool ? html`<span class="tag ok">In the pool</span>` : html`<span class="tag muted">Not in the pool</span>`}
                  </td>
                  <td>
                    <ul>
                      ${member.spells.map((spell) => html`<li>${describeSpell(spell)}</li>`)}
                    </ul>
                  </td>
                  ${
                    canChange
                      ? html`<td>
                          ${
                            open
                              ? html`<a href="${poolPath(pool.key)}/end?member=${encodeURIComponent(member.reference)}"
                                  >End spell<span class="visually-hidden"> of ${member.name}</span></a
                                >`
                              : ''
                          }
                        </td>`
                      : ''
                  }
                </tr>`;
              }),
            })
          : html`<p>Nobody has been in this pool yet.</p>`
      }`,
  );
}

// ───────────────────────────── ending a spell ─────────────────────────────

function endSpellPage(view: OfficerView, data: PoolMembers, reference: string, state: FormState = formState()): SafeHtml {
  const { pool } = data;
  const member = data.members.find((candidate) => candidate.reference === reference);
  if (!member) throw new NotFoundError('member in this pool', reference);
  const open = member.spells.find((spell) => spell.to === null);
  if (!open) {
    throw new ConflictError(`${member.name} has no open spell in ${pool.name}, so there is nothing to end.`);
  }
  return officerPage(
    view,
    `End ${member.name}’s spell`,
    html`<p><a href="${poolPath(pool.key)}">Back to ${pool.name}</a></p>
      ${formErrors(state, FIELD_LABELS)}
      <h1>End ${member.name}’s spell in ${pool.name}</h1>
      <p class="lead">
        Their spell began on ${formatDate(open.from)}. After their last day the visit rotas stop choosing them from this pool.
      </p>
      <form method="post" action="${poolPath(pool.key)}/end" novalidate>
        ${csrfField(view)}
        <input type="hidden" name="memberReference" value="${member.reference}" />
        ${textInput(state, {
          name: 'on',
          label: FIELD_LABELS.on!,
          type: 'date',
          hint: `They stay in the pool up to and including this day, on or after ${formatDate(open.from)}.`,
        })}
        <button type="submit" class="button">End the spell</button>
      </form>`,
  );
}

// ───────────────────────────── import ─────────────────────────────

const importPage = (view: OfficerView, pool: PoolMembers['pool'], sent: CsvSent = {}) =>
  csvUploadPage(view, {
    title: `Add members to ${pool.name}`,
    back: { href: poolPath(pool.key), label: `Back to ${pool.name}` },
    lead:
      'Each row gives one member a spell in the pool, from one day to another. Every row is added, or none: a row that names an ' +
      'unknown member, or overlaps a spell they already have, stops the whole file.',
    action: `${poolPath(pool.key)}/import`,
    format: POOL_FORMAT,
    ...sent,
  });

function previewPage(view: OfficerView, preview: PoolImportPreview, csv: string): SafeHtml {
  const { pool, spells } = preview;
  const count = spells.length === 1 ? '1 spell' : `${spells.length} spells`;
  return officerPage(
    view,
    `Check the spells to add to ${pool.name}`,
    html`<p><a href="${poolPath(pool.key)}/import">Back to the upload</a></p>
      <h1>Check the spells to add to ${pool.name}</h1>
      <p class="lead">Nothing has changed yet. Adding this file gives the members below ${count} in the pool.</p>
      ${previewTable('Spells to add', spells, [
        { heading: 'From', cell: (spell) => formatDate(spell.from) },
        { heading: 'To', cell: (spell) => (spell.to ? formatDate(spell.to) : 'No end date') },
      ])}
      ${confirmImportForm(view, {
        action: `${poolPath(pool.key)}/import/confirm`,
        csv,
        button: `Add ${count} to the pool`,
        cancel: `${poolPath(pool.key)}/import`,
      })}`,
  );
}

// ───────────────────────────── routes ─────────────────────────────

interface PoolParams {
  key: string;
}

interface PoolQuery {
  done?: string;
  added?: string;
  ended?: string;
}

/** The council's pools: registering them, who is in each and when, ending a spell, and adding members from a file. */
export async function poolsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await acceptCsvUploads(app);

  const membersOf = (view: OfficerView, poolKey: string) => poolMembers(deps, view.officer.actor, { poolKey });

  app.get('/pools', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, poolsPage(view, await listPools(deps, view.officer.actor)));
  });

  formRoute(app, '/pools', {
    change: async (view, fields, _request, reply) => {
      const pool = await registerPool(deps, view.officer.actor, {
        key: fields.key ?? '',
        name: fields.name ?? '',
        purpose: fields.purpose as PoolPurpose,
        approvedBy: fields.approvedBy ?? '',
        approvedOn: fields.approvedOn ?? '',
      });
      return reply.redirect(`${poolPath(pool.key)}?done=registered`, 303);
    },
    refused: async (view, fields, _request, problems) =>
      poolsPage(view, await listPools(deps, view.officer.actor), formState(fields, problems)),
    // The only clash when registering is a key already in use.
    conflictField: 'key',
  });

  app.get<{ Params: PoolParams; Querystring: PoolQuery }>('/pools/:key', async (request, reply) => {
    const view = officerView(request, reply);
    const data = await membersOf(view, request.params.key);
    return sendOfficerPage(reply, poolPage(view, data, poolNotice(data, request.query)));
  });

  app.get<{ Params: PoolParams; Querystring: { member?: string } }>('/pools/:key/end', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, endSpellPage(view, await membersOf(view, request.params.key), request.query.member ?? ''));
  });

  formRoute<PoolParams>(app, '/pools/:key/end', {
    change: async (view, fields, request, reply) => {
      const memberReference = fields.memberReference ?? '';
      await endPoolMembership(deps, view.officer.actor, { poolKey: request.params.key, memberReference, on: fields.on ?? '' });
      return reply.redirect(`${poolPath(request.params.key)}?ended=${encodeURIComponent(memberReference)}`, 303);
    },
    refused: async (view, fields, request, problems) =>
      endSpellPage(view, await membersOf(view, request.params.key), fields.memberReference ?? '', formState(fields, problems)),
  });

  app.get<{ Params: PoolParams }>('/pools/:key/import', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, importPage(view, (await membersOf(view, request.params.key)).pool));
  });

  csvImportRoutes<PoolParams>(app, '/pools/:key/import', {
    importPage: async (view, request, csv, problems) =>
      importPage(view, (await membersOf(view, request.params.key)).pool, { csv, problems }),
    preview: async (view, request, csv) =>
      previewPage(view, await previewPoolMembersImport(deps, view.officer.actor, { poolKey: request.params.key, csv }), csv),
    confirm: async (view, request, csv) => {
      const { added } = await importPoolMembers(deps, view.officer.actor, { poolKey: request.params.key, csv });
      return `${poolPath(request.params.key)}?added=${added}`;
    },
  });
}
