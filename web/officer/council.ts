import type { FastifyInstance } from 'fastify';

import { standardItemId, type StandardItem } from '../../domain/standard-setup';
import { html, type SafeHtml } from '../../render/html';
import type { ServiceDependencies } from '../../services/context';
import { applyStandardSetup, councilSettings, missingStandardItems, updateCouncilSettings } from '../../services/councils';
import { errorMessage, fieldId, formRoute, formState, postForm, selectInput, fieldList, type FormState } from './forms';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from './page';

const LABELS = {
  name: 'Council name',
  alertsEmail: 'Alerts address',
  replyToEmail: 'Reply-to address',
  municipalYearStartMonth: 'Municipal year starts in',
  items: 'Standard set-up',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const KIND_LABELS: Record<StandardItem['kind'], string> = { panel: 'Panel', course: 'Course', 'report-duty': 'Report' };

type Settings = Awaited<ReturnType<typeof councilSettings>>;

const NOTICES: Record<string, string> = { saved: 'The council’s settings are saved.', added: 'The standard items are added.' };

const settingsValues = (settings: Settings) => ({
  name: settings.name,
  alertsEmail: settings.alertsEmail,
  replyToEmail: settings.replyToEmail ?? '',
  municipalYearStartMonth: String(settings.municipalYearStartMonth),
});

/** The ticked items of a checkbox group, which sends one field per box. */
function tickedItems(body: unknown): string[] {
  const value = ((body ?? {}) as Record<string, unknown>).items;
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

function standardSetupForm(view: OfficerView, missing: StandardItem[], state: FormState): SafeHtml {
  if (!missing.length) return html`<p>The council has every standard course, panel and report.</p>`;
  const id = fieldId('items');
  const problems = state.problems.filter((problem) => problem.field === 'items' || problem.field.startsWith('items.'));
  return postForm(
    view,
    { action: '/council/standard-setup', state, labels: LABELS },
    html`<fieldset aria-describedby="${id}-hint${problems.length ? ` ${id}-error` : ''}">
        <legend>Add standard items the council does not have</legend>
        <p class="hint" id="${id}-hint">Each can be changed or removed afterwards on its own page.</p>
        ${errorMessage(id, problems)}
        ${missing.map(
          (item, index) =>
            html`<label class="choice">
              <input type="checkbox" name="items" value="${standardItemId(item)}" id="${index === 0 ? id : `${id}-${index}`}" checked />
              ${KIND_LABELS[item.kind]}: ${item.title}
            </label>`,
        )}
      </fieldset>
      <button type="submit" class="button">Add the ticked items</button>`,
  );
}

/** How the council's officers sign in: an operator connects the identity provider at the command line. */
function signInSection(settings: Settings): SafeHtml {
  return html`<h2>Signing in</h2>
    ${
      settings.oidcIssuer
        ? html`<p>
            Officers sign in through the council’s identity provider, <code>${settings.oidcIssuer}</code> (client ID
            ${settings.oidcClientId}), or with a password if they have one.
          </p>`
        : html`<p>Officers sign in with a password.</p>`
    }
    <p class="hint">An operator changes this with <code>cpe councils identity-provider ${settings.slug}</code>.</p>`;
}

function councilPage(
  view: OfficerView,
  data: { settings: Settings; missing: StandardItem[] },
  forms: { settings?: FormState; setup?: FormState; notice?: string } = {},
): SafeHtml {
  const { settings, missing } = data;
  const isAdmin = view.officer.actor.role === 'ADMIN';
  const state = forms.settings ?? formState(settingsValues(settings));
  return officerPage(
    view,
    'Council settings',
    html`${forms.notice ? html`<div class="panel" role="status">${forms.notice}</div>` : ''}
      <h1>Council settings</h1>
      ${
        isAdmin
          ? postForm(
              view,
              { action: '/council', state, labels: LABELS },
              html`${fieldList(state, LABELS, [
                  { name: 'name', hint: 'As it appears on pages, emails and reports.' },
                  {
                    name: 'alertsEmail',
                    type: 'email',
                    hint: 'Democratic services’ shared mailbox: failed emails and missed visits are reported here.',
                  },
                  {
                    name: 'replyToEmail',
                    type: 'email',
                    hint: 'Where replies to officers’ emails go. Leave blank to use the alerts address.',
                  },
                ])}
                ${selectInput(state, {
                  name: 'municipalYearStartMonth',
                  label: LABELS.municipalYearStartMonth,
                  hint: 'In England the municipal year starts in May.',
                  choices: MONTHS.map((month, index) => ({ value: String(index + 1), label: month })),
                })} <button type="submit" class="button">Save the settings</button>`,
            )
          : html`<dl class="facts">
                <dt>${LABELS.name}</dt>
                <dd>${settings.name}</dd>
                <dt>${LABELS.alertsEmail}</dt>
                <dd>${settings.alertsEmail}</dd>
                <dt>${LABELS.replyToEmail}</dt>
                <dd>${settings.replyToEmail ?? 'None: replies go to the alerts address'}</dd>
                <dt>${LABELS.municipalYearStartMonth}</dt>
                <dd>${MONTHS[settings.municipalYearStartMonth - 1]}</dd>
              </dl>
              <p class="hint">Only an admin can change these.</p>`
      }
      ${signInSection(settings)}
      ${
        isAdmin
          ? html`<h2>Standard set-up</h2>
              ${standardSetupForm(view, missing, forms.setup ?? formState())}`
          : ''
      }`,
  );
}

/** The council's settings: every officer can read them; admins change them and add missing standard items. */
export async function councilRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  const load = async (view: OfficerView) => ({
    settings: await councilSettings(deps, view.officer.actor),
    missing: view.officer.actor.role === 'ADMIN' ? await missingStandardItems(deps, view.officer.actor) : [],
  });

  app.get<{ Querystring: { done?: string } }>('/council', async (request, reply) => {
    const view = officerView(request, reply);
    return sendOfficerPage(reply, councilPage(view, await load(view), { notice: NOTICES[request.query.done ?? ''] }));
  });

  formRoute(app, '/council', {
    change: async (view, fields, _request, reply) => {
      await updateCouncilSettings(deps, view.officer.actor, {
        name: fields.name,
        alertsEmail: fields.alertsEmail,
        replyToEmail: fields.replyToEmail ?? '',
        municipalYearStartMonth: fields.municipalYearStartMonth as unknown as number /* the schema coerces it */,
      });
      return reply.redirect('/council?done=saved', 303);
    },
    refused: async (view, fields, _request, problems) => councilPage(view, await load(view), { settings: formState(fields, problems) }),
  });

  formRoute(app, '/council/standard-setup', {
    change: async (view, _fields, request, reply) => {
      await applyStandardSetup(deps, view.officer.actor, tickedItems(request.body));
      return reply.redirect('/council?done=added', 303);
    },
    refused: async (view, _fields, _request, problems) => councilPage(view, await load(view), { setup: formState({}, problems) }),
  });
}
