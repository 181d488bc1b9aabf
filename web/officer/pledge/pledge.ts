import type { FastifyInstance } from 'fastify';

import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import { InputError, NotFoundError, type FieldProblem } from '../../../services/errors';
import {
  confirmPledge,
  pledgeOverview,
  pledgeSignatories,
  recordCommitmentRenewed,
  recordSignaturesAtEvent,
  type PledgeSignatory,
} from '../../../services/pledge/pledge';
import { scrollingTable } from '../../pages/table';
import {
  checkboxes,
  formErrors,
  formRoute,
  formState,
  given,
  postForm,
  requiredFields,
  textInput,
  fieldList,
  type FormState,
} from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

const CONFIRM_LABELS = {
  adoptedOn: 'Date the pledge was adopted',
  eventDate: 'Date of the signing event',
  eventStart: 'Start time',
  eventEnd: 'End time (optional)',
  eventLocation: 'Where the signing takes place',
  childrenInCareCouncilNote: 'How the Children in Care Council took part (optional)',
};
const SIGNATURE_LABELS = { memberReferences: 'Members who signed at the event' };
const COMMITMENT_LABELS = { on: 'Date Council renewed its commitment' };

const STATUS_TEXT = {
  DRAFT: 'Drafted, not yet confirmed: members have not been invited',
  OPEN: 'Confirmed and open for signing',
  CLOSED: 'Closed for the year',
} as const;

const ANSWER_TEXT = (attending: boolean | null) =>
  attending === null ? 'Has not answered' : attending ? 'Said they will come' : 'Said they cannot come';

/** Members who have not signed: a checkbox each, to record those who signed on paper at the event. */
function signaturesForm(view: OfficerView, notSigned: PledgeSignatory[], problems: FieldProblem[]): SafeHtml {
  const state = formState({}, problems);
  return html`<form method="post" action="/pledge/signatures" novalidate>
    ${csrfField(view)} ${formErrors(state, SIGNATURE_LABELS)}
    ${checkboxes(state, {
      name: 'memberReferences',
      label: 'Record signatures collected at the event',
      hint: 'Tick each member who signed the paper copy. They are recorded as signed at the event’s start.',
      choices: notSigned.map((member) => ({ value: member.reference, label: `${member.name} (${member.reference})` })),
    })}
    <button type="submit" class="button">Record these signatures</button>
  </form>`;
}

function signatoryLists(view: OfficerView, members: PledgeSignatory[], open: boolean, problems: FieldProblem[]): SafeHtml {
  const notSigned = members.filter((member) => !member.signed);
  const signed = members.filter((member) => member.signed);
  return html`<section aria-labelledby="not-signed">
      <h2 id="not-signed">Not signed yet <span class="tag ${notSigned.length ? 'warning' : 'ok'}">${notSigned.length}</span></h2>
      ${
        notSigned.length
          ? html`${scrollingTable({
              caption: 'Serving members who have not signed',
              captionHidden: true,
              headings: ['Member', 'Invitation to the event'],
              rows: notSigned.map(
                (member) =>
                  html`<tr>
                    <th scope="row"><a href="/members/${member.reference}">${member.name}</a></th>
                    <td>${ANSWER_TEXT(member.attending)}</td>
                  </tr>`,
              ),
            })}
            ${open ? signaturesForm(view, notSigned, problems) : ''}`
          : html`<p>${members.length ? 'Every serving member has signed.' : 'No serving members are recorded.'}</p>`
      }
    </section>
    <section aria-labelledby="signed">
      <h2 id="signed">Signed <span class="tag ok">${signed.length}</span></h2>
      ${
        signed.length
          ? scrollingTable({
              caption: 'Serving members who have signed, and when',
              captionHidden: true,
              headings: ['Member', 'Signed', 'How'],
              rows: signed.map(
                (member) =>
                  html`<tr>
                    <th scope="row"><a href="/members/${member.reference}">${member.name}</a></th>
                    <td>${member.signed!.when}</td>
                    <td>${member.signed!.method === 'AT_EVENT' ? 'At the event' : 'Online'}</td>
                  </tr>`,
              ),
            })
          : html`<p>Nobody has signed yet.</p>`
      }
    </section>`;
}

/** Confirming the drafted pledge: its adoption and the signing event; members are invited at once. */
function confirmForm(view: OfficerView, state: FormState): SafeHtml {
  return html`<section aria-labelledby="confirm">
    <h2 id="confirm">Confirm the pledge and date the signing event</h2>
    <p>When you confirm it, every serving member is invited to the event and can sign online.</p>
    ${postForm(
      view,
      { action: '/pledge/confirm', state, labels: CONFIRM_LABELS },
      html`${fieldList(state, CONFIRM_LABELS, [
          { name: 'adoptedOn', type: 'date' },
          { name: 'eventDate', type: 'date' },
          { name: 'eventStart', hint: 'For example 17:30', type: 'time' },
          { name: 'eventEnd', type: 'time' },
          { name: 'eventLocation', hint: 'For example Council Chamber, Town Hall' },
          { name: 'childrenInCareCouncilNote', hint: 'Published with the pledge. No personal details of children.', rows: 3 },
        ])} <button type="submit" class="button">Confirm the pledge</button>`,
    )}
  </section>`;
}

/** Recording (or correcting) the day Council renewed its commitment, at its first ordinary meeting of the year. */
function commitmentForm(view: OfficerView, state: FormState, recordedOn: string | null): SafeHtml {
  return html`<section aria-labelledby="commitment">
    <h2 id="commitment">Council’s renewal of its commitment</h2>
    <p>
      Each municipal year Council renews its commitment to the children it looks after, at its first ordinary meeting.
      ${recordedOn ? `It is recorded as renewed on ${recordedOn}; record another day to correct it.` : 'Record the day it did.'}
    </p>
    ${postForm(
      view,
      { action: '/pledge/commitment', state, labels: COMMITMENT_LABELS },
      html`${textInput(state, { name: 'on', label: COMMITMENT_LABELS.on, hint: 'The day of the Council meeting.', type: 'date' })}
        <button type="submit" class="button">Record the renewal</button>`,
    )}
  </section>`;
}

interface PledgeQuery {
  recorded?: string;
  already?: string;
  confirmed?: string;
  renewed?: string;
}

function donePanel(query: PledgeQuery): SafeHtml | string {
  if (query.confirmed) return html`<div class="panel" role="status"><p>The pledge is confirmed; members are being invited.</p></div>`;
  if (query.renewed) return html`<div class="panel" role="status"><p>Council’s renewal of its commitment is recorded.</p></div>`;
  const recorded = Number(query.recorded);
  const already = Number(query.already);
  if (!Number.isInteger(recorded)) return '';
  return html`<div class="panel" role="status">
    <p>
      ${recorded === 1 ? '1 signature recorded.' : `${recorded} signatures recorded.`}
      ${Number.isInteger(already) && already > 0 ? `${already} of those ticked had already signed.` : ''}
    </p>
  </div>`;
}

async function pledgePage(
  deps: ServiceDependencies,
  view: OfficerView,
  options: { query?: PledgeQuery; confirm?: FormState; signatureProblems?: FieldProblem[]; commitment?: FormState } = {},
): Promise<SafeHtml> {
  const { actor, councilSlug } = view.officer;
  const overview = await pledgeOverview(deps, actor).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!overview) {
    return officerPage(
      view,
      'Pledge',
      html`<h1>Corporate Parenting Pledge</h1>
        <p>No pledge has been drafted for this municipal year yet. It is drafted from last year’s at the start of the year.</p>`,
    );
  }
  const members = overview.status === 'DRAFT' ? [] : await pledgeSignatories(deps, actor);
  return officerPage(
    view,
    'Pledge',
    html`<h1>Corporate Parenting Pledge ${overview.version}</h1>
      ${donePanel(options.query ?? {})}
      <dl class="facts">
        <dt>Status</dt>
        <dd>${STATUS_TEXT[overview.status]}</dd>
        <dt>Signing event</dt>
        <dd>${overview.event ?? 'Not yet dated'}</dd>
        ${
          overview.status === 'DRAFT'
            ? ''
            : html`<dt>Signed</dt>
                <dd>${overview.signed} of ${overview.serving} serving members</dd>`
        }
        <dt>Council renewed its commitment</dt>
        <dd>${overview.commitmentRenewedOnText ?? 'Not yet recorded'}</dd>
      </dl>
      ${
        overview.status === 'DRAFT'
          ? confirmForm(view, options.confirm ?? formState())
          : html`<p>
                The published pledge, with every serving member’s name:
                <a href="/public/${councilSlug}/pledge.html">web page</a> and <a href="/public/${councilSlug}/pledge.pdf">PDF</a>.
              </p>
              <p>This list is read afresh each time the page loads. <a href="/pledge">Refresh the list</a></p>
              ${signatoryLists(view, members, overview.status === 'OPEN', options.signatureProblems ?? [])}`
      }
      ${actor.role === 'READ_ONLY' ? '' : commitmentForm(view, options.commitment ?? formState(), overview.commitmentRenewedOnText)}`,
  );
}

/**
 * The year's Corporate Parenting Pledge: its status and event, who has signed
 * and when and who has not, recording signatures collected at the event,
 * confirming a drafted pledge, and recording Council's renewal of its commitment.
 */
export async function pledgeRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: PledgeQuery }>('/pledge', async (request, reply) =>
    sendOfficerPage(reply, await pledgePage(deps, officerView(request, reply), { query: request.query })),
  );

  app.post('/pledge/signatures', async (request, reply) => {
    const view = officerView(request, reply);
    const ticked = (request.body as Record<string, unknown> | undefined)?.memberReferences;
    const memberReferences = [ticked].flat().filter((value): value is string => typeof value === 'string');
    try {
      const { recorded, alreadySigned } = await recordSignaturesAtEvent(deps, view.officer.actor, { memberReferences });
      return reply.redirect(`/pledge?recorded=${recorded}&already=${alreadySigned}#not-signed`, 303);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendOfficerPage(reply, await pledgePage(deps, view, { signatureProblems: error.problems }), 400);
    }
  });

  formRoute(app, '/pledge/confirm', {
    change: async (view, fields, _request, reply) => {
      await confirmPledge(deps, view.officer.actor, {
        ...requiredFields(fields, ['adoptedOn', 'eventDate', 'eventStart', 'eventLocation']),
        eventEnd: given(fields.eventEnd),
        childrenInCareCouncilNote: given(fields.childrenInCareCouncilNote),
      });
      return reply.redirect('/pledge?confirmed=1', 303);
    },
    refused: async (view, fields, _request, problems) => pledgePage(deps, view, { confirm: formState(fields, problems) }),
  });

  formRoute(app, '/pledge/commitment', {
    change: async (view, fields, _request, reply) => {
      await recordCommitmentRenewed(deps, view.officer.actor, { on: fields.on ?? '' });
      return reply.redirect('/pledge?renewed=1', 303);
    },
    refused: async (view, fields, _request, problems) => pledgePage(deps, view, { commitment: formState(fields, problems) }),
  });
}
