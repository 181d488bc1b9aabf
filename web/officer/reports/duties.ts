import type { FastifyInstance } from 'fastify';

import { formatDate } from '../../../domain/calendar';
import { GENERATOR_TITLES } from '../../../domain/reports/generators';
import { html, type SafeHtml } from '../../../render/html';
import { requireWriter } from '../../../services/access';
import type { ServiceDependencies } from '../../../services/context';
import { listPanels } from '../../../services/panels';
import {
  registerReportDuty,
  reportDutyOf,
  updateReportDuty,
  type RegisterReportDutyInput,
  type ReportDutySummary,
} from '../../../services/reports/reports';
import {
  checkboxes,
  formFields,
  formRoute,
  formState,
  given,
  itemsOf,
  postForm,
  selectInput,
  textArea,
  textInput,
  type FormState,
} from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

export const CADENCE_NAMES = {
  QUARTERLY: 'Every quarter',
  SIX_MONTHLY: 'Every six months',
  ANNUAL: 'Every year',
  ONE_OFF: 'Once',
} as const;

const DUTY_LABELS = {
  title: 'Title',
  key: 'Key',
  panelKey: 'Panel it goes to',
  authoring: 'Written by',
  generator: 'Report the engine builds',
  cadence: 'How often',
  yearBasis: 'Periods of the',
  oneOffFrom: 'Once: counted from',
  oneOffMonths: 'Once: within how many months',
  dueWorkingDaysBeforeMeeting: 'Due, working days before the meeting',
  reminderDays: 'Reminders to the owner, working days before it is due',
  ownerName: 'Owner’s name',
  ownerEmail: 'Owner’s email address',
  extraRecipients: 'Also sent to',
  reviewBeforeCirculation: 'Review before circulation',
};

export const dutyPath = (key: string) => `/reports/duties/${encodeURIComponent(key)}`;

/** What the form sent, as the services take it (they check every value and name any that is wrong). */
const dutyInputOf = (fields: Record<string, string>) =>
  ({
    title: fields.title ?? '',
    panelKey: fields.panelKey ?? '',
    authoring: fields.authoring ?? '',
    generator: given(fields.generator),
    cadence: fields.cadence ?? '',
    yearBasis: given(fields.yearBasis),
    oneOffFrom: given(fields.oneOffFrom),
    oneOffMonths: given(fields.oneOffMonths),
    dueWorkingDaysBeforeMeeting: given(fields.dueWorkingDaysBeforeMeeting),
    reminderDays: itemsOf(fields.reminderDays),
    ownerName: given(fields.ownerName),
    ownerEmail: given(fields.ownerEmail),
    extraRecipients: itemsOf(fields.extraRecipients),
    // An unticked box sends nothing: the form always has it, so nothing means no.
    reviewBeforeCirculation: fields.reviewBeforeCirculation === 'yes',
  }) as Omit<RegisterReportDutyInput, 'key'>;

/** A stored duty as the form shows it. */
const storedValues = (duty: ReportDutySummary): FormState['values'] => ({
  title: duty.title,
  key: duty.key,
  panelKey: duty.panelKey,
  authoring: duty.authoring,
  generator: duty.generator ?? '',
  cadence: duty.cadence,
  yearBasis: duty.yearBasis,
  oneOffFrom: duty.oneOffFrom ?? '',
  oneOffMonths: duty.oneOffMonths?.toString() ?? '',
  dueWorkingDaysBeforeMeeting: String(duty.dueWorkingDaysBeforeMeeting),
  reminderDays: duty.reminderDays.join(', '),
  ownerName: duty.ownerName ?? '',
  ownerEmail: duty.ownerEmail ?? '',
  extraRecipients: duty.extraRecipients.join('\n'),
  reviewBeforeCirculation: duty.reviewBeforeCirculation ? 'yes' : '',
});

/** A new duty starts from the service's defaults. */
const NEW_DUTY = formState({ yearBasis: 'MUNICIPAL', dueWorkingDaysBeforeMeeting: '10', reminderDays: '10, 3' });

/** When the duty's next report falls due, with its weekday, or why there is none. */
export const nextDueText = (duty: Pick<ReportDutySummary, 'active' | 'nextDueOn'>): string =>
  !duty.active ? 'None: switched off' : duty.nextDueOn ? formatDate(duty.nextDueOn) : 'Not known: give the one-off’s dates';

async function dutyFields(deps: ServiceDependencies, view: OfficerView, state: FormState, isNew: boolean): Promise<SafeHtml> {
  const panels = await listPanels(deps, view.officer.actor);
  return html`${textInput(state, { name: 'title', label: DUTY_LABELS.title, hint: 'As the panel’s agenda names it.' })}
  ${
    isNew
      ? textInput(state, {
          name: 'key',
          label: DUTY_LABELS.key,
          hint: 'A short name for links and files: lower-case letters, digits and hyphens, e.g. reg33-quarterly. It cannot be changed later.',
        })
      : ''
  }
  ${selectInput(state, {
    name: 'panelKey',
    label: DUTY_LABELS.panelKey,
    blank: 'Choose the panel',
    choices: panels.map((panel) => ({ value: panel.key, label: panel.name })),
  })}
  ${selectInput(state, {
    name: 'authoring',
    label: DUTY_LABELS.authoring,
    blank: 'Choose who writes it',
    choices: [
      { value: 'GENERATED', label: 'The engine, from what is recorded' },
      { value: 'AUTHORED', label: 'Its owner, who is reminded to write it' },
    ],
  })}
  ${selectInput(state, {
    name: 'generator',
    label: DUTY_LABELS.generator,
    hint: 'Only for a report the engine writes.',
    blank: 'None: its owner writes it',
    choices: Object.entries(GENERATOR_TITLES).map(([value, label]) => ({ value, label })),
  })}
  ${selectInput(state, {
    name: 'cadence',
    label: DUTY_LABELS.cadence,
    blank: 'Choose how often',
    choices: Object.entries(CADENCE_NAMES).map(([value, label]) => ({ value, label })),
  })}
  ${selectInput(state, {
    name: 'yearBasis',
    label: DUTY_LABELS.yearBasis,
    choices: [
      { value: 'MUNICIPAL', label: 'Municipal year (from May)' },
      { value: 'FINANCIAL', label: 'Financial year (from April)' },
    ],
  })}
  ${textInput(state, {
    name: 'oneOffFrom',
    label: DUTY_LABELS.oneOffFrom,
    hint: 'Only for a report due once, “within N months of” this day.',
    type: 'date',
  })}
  ${textInput(state, { name: 'oneOffMonths', label: DUTY_LABELS.oneOffMonths, hint: 'For example 6.', inputmode: 'numeric' })}
  ${textInput(state, {
    name: 'dueWorkingDaysBeforeMeeting',
    label: DUTY_LABELS.dueWorkingDaysBeforeMeeting,
    hint: 'So papers can be published, e.g. 10. Without a meeting in the calendar it is due a month after the period ends.',
    inputmode: 'numeric',
  })}
  ${textInput(state, { name: 'reminderDays', label: DUTY_LABELS.reminderDays, hint: 'Up to 5, separated by commas, e.g. 10, 3.' })}
  ${textInput(state, { name: 'ownerName', label: DUTY_LABELS.ownerName, hint: 'Who writes it, for a report its owner writes.' })}
  ${textInput(state, { name: 'ownerEmail', label: DUTY_LABELS.ownerEmail, type: 'email' })}
  ${textArea(state, {
    name: 'extraRecipients',
    label: DUTY_LABELS.extraRecipients,
    hint: 'Email addresses besides the panel’s distribution list, one a line.',
    rows: 3,
  })}
  ${checkboxes(state, {
    name: 'reviewBeforeCirculation',
    label: DUTY_LABELS.reviewBeforeCirculation,
    hint: 'Each report waits for an officer to read and approve it, and perhaps add a commentary, before the panel gets it. Democratic services are reminded on the reminder days, and the panel’s clerk and chair are told if it is not approved by its due date.',
    choices: [{ value: 'yes', label: 'An officer approves each report before it goes to the panel' }],
  })}`;
}

async function newDutyPage(deps: ServiceDependencies, view: OfficerView, state: FormState): Promise<SafeHtml> {
  return officerPage(
    view,
    'Add a report duty',
    html`<p><a href="/reports">Back to reports</a></p>
      <h1>Add a report duty</h1>
      <p class="lead">A regular report is scheduled at once, for the first day after each period; a one-off report starts at once.</p>
      ${postForm(
        view,
        { action: '/reports/duties', state, labels: DUTY_LABELS },
        html`${await dutyFields(deps, view, state, true)} <button type="submit" class="button">Add the duty</button>`,
      )}`,
  );
}

async function dutyPage(
  deps: ServiceDependencies,
  view: OfficerView,
  duty: ReportDutySummary,
  state: FormState,
  notice?: string,
): Promise<SafeHtml> {
  const switchTo = duty.active ? 'no' : 'yes';
  return officerPage(
    view,
    duty.title,
    html`<p><a href="/reports">Back to reports</a></p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
      <h1>${duty.title}</h1>
      <dl class="facts">
        <dt>Key</dt>
        <dd>${duty.key}</dd>
        <dt>Next report due</dt>
        <dd>${nextDueText(duty)}</dd>
        <dt>State</dt>
        <dd>${duty.active ? 'On: its reports are scheduled' : 'Switched off: nothing is scheduled'}</dd>
      </dl>
      <form method="post" action="${dutyPath(duty.key)}/active" class="inline">
        ${csrfField(view)}
        <input type="hidden" name="active" value="${switchTo}" />
        <button type="submit" class="button secondary">${duty.active ? 'Switch the duty off' : 'Switch the duty back on'}</button>
      </form>
      <h2>Change the duty</h2>
      <p>A new cadence or year moves its schedule; nothing already produced changes.</p>
      ${postForm(
        view,
        { action: dutyPath(duty.key), state, labels: DUTY_LABELS },
        html`${await dutyFields(deps, view, state, false)} <button type="submit" class="button">Save the changes</button>`,
      )}`,
  );
}

interface DutyParams {
  key: string;
}

const NOTICES: Record<string, string> = {
  added: 'The duty is added and its reports are scheduled.',
  changed: 'The duty is changed; its schedule follows.',
  off: 'The duty is switched off; its schedule is removed.',
  on: 'The duty is switched back on and scheduled.',
};

/**
 * Report duties: adding one, changing it and switching it off or on. Each
 * change goes through the reports service, which keeps the duty's Temporal
 * Schedule in step (services/schedules.ts), as the command line does.
 */
export async function dutyRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get('/reports/new-duty', async (request, reply) => {
    const view = officerView(request, reply);
    requireWriter(view.officer.actor, 'register report duties');
    return sendOfficerPage(reply, await newDutyPage(deps, view, NEW_DUTY));
  });

  formRoute(app, '/reports/duties', {
    change: async (view, fields, _request, reply) => {
      const duty = await registerReportDuty(deps, view.officer.actor, { ...dutyInputOf(fields), key: fields.key ?? '' });
      return reply.redirect(`${dutyPath(duty.key)}?done=added`, 303);
    },
    refused: (view, fields, _request, problems) => newDutyPage(deps, view, formState(fields, problems)),
    // The only clash when adding is a key already in use.
    conflictField: 'key',
  });

  app.get<{ Params: DutyParams; Querystring: { done?: string } }>('/reports/duties/:key', async (request, reply) => {
    const view = officerView(request, reply);
    const duty = await reportDutyOf(deps, view.officer.actor, request.params.key);
    requireWriter(view.officer.actor, 'change report duties');
    const notice = Object.hasOwn(NOTICES, request.query.done ?? '') ? NOTICES[request.query.done!] : undefined;
    return sendOfficerPage(reply, await dutyPage(deps, view, duty, formState(storedValues(duty)), notice));
  });

  formRoute<DutyParams>(app, '/reports/duties/:key', {
    change: async (view, fields, request, reply) => {
      await updateReportDuty(deps, view.officer.actor, { ...dutyInputOf(fields), key: request.params.key });
      return reply.redirect(`${dutyPath(request.params.key)}?done=changed`, 303);
    },
    refused: async (view, fields, request, problems) => {
      const duty = await reportDutyOf(deps, view.officer.actor, request.params.key);
      return dutyPage(deps, view, duty, formState({ ...fields, key: duty.key }, problems));
    },
  });

  app.post<{ Params: DutyParams }>('/reports/duties/:key/active', async (request, reply) => {
    const active = formFields(request.body).active === 'yes';
    await updateReportDuty(deps, officerView(request, reply).officer.actor, { key: request.params.key, active });
    return reply.redirect(`${dutyPath(request.params.key)}?done=${active ? 'on' : 'off'}`, 303);
  });
}
