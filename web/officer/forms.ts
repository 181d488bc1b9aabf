import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { html, SafeHtml } from '../../render/html';
import { ConflictError, InputError, type FieldProblem } from '../../services/errors';
import { errorSummary } from '../pages/layout';
import { csrfField, officerView, sendOfficerPage, type OfficerView } from './page';

/** What a form shows: the values typed (or stored) and the problems with them. */
export interface FormState {
  values: Record<string, string | undefined>;
  problems: FieldProblem[];
}

export const formState = (values: FormState['values'] = {}, problems: FieldProblem[] = []): FormState => ({ values, problems });

/** The submitted fields of a urlencoded form, each as one string (the last, if a field was repeated). */
export function formFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const last: unknown = Array.isArray(value) ? (value as unknown[]).at(-1) : value;
    if (typeof last === 'string') fields[name] = last;
  }
  return fields;
}

/** The fields a service requires, as it takes them: a field not sent is blank, which the service refuses, naming the field. */
export function requiredFields<Name extends string>(fields: Record<string, string>, names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, fields[name] ?? ''])) as Record<Name, string>;
}

/** A blank optional field is a value not given, so the service treats it as left out. */
export const given = (value: string | undefined) => (value?.trim() ? value : undefined);

/** A field listing items ("60, 30, 7", or one address a line) as its items; a blank field is an empty list. */
export const itemsOf = (value: string | undefined) => (value ?? '').split(/[\s,;]+/).filter(Boolean);

/** Every value sent for a field: ticked checkboxes of a group send one each. */
export function fieldValues(body: unknown, name: string): string[] {
  const value: unknown = ((body ?? {}) as Record<string, unknown>)[name];
  return [value].flat().filter((item): item is string => typeof item === 'string');
}

/** The id of a field's input: problems link to it from the summary. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

const problemsOf = (state: FormState, name: string) =>
  state.problems.filter((problem) => problem.field === name || problem.field.startsWith(`${name}.`));

/** The error summary at the top of the form; `labels` name the fields as the page does. */
export function formErrors(state: FormState, labels: Record<string, string>): SafeHtml | string {
  return errorSummary(state.problems, { id: fieldId, label: (field) => labels[field.split('.')[0]!] ?? field });
}

/** The message under a field's label (or a group's legend) saying what is wrong with it, if anything. */
export function errorMessage(id: string, problems: readonly FieldProblem[]): SafeHtml | string {
  return problems.length
    ? html`<p class="error-message" id="${id}-error">
        <span class="visually-hidden">Error:</span> ${problems.map((problem) => problem.message).join('; ')}
      </p>`
    : '';
}

/** A form that changes something: the error summary, then the form with its token and `fields` (its inputs and button). */
export function postForm(
  view: OfficerView,
  form: { action: string; state: FormState; labels: Record<string, string> },
  fields: SafeHtml,
): SafeHtml {
  return html`${formErrors(form.state, form.labels)}
    <form method="post" action="${form.action}" novalidate>${csrfField(view)} ${fields}</form>`;
}

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
}

/** Label, hint and error message above an input, with the ARIA wiring between them. */
function fieldParts(state: FormState, options: FieldOptions) {
  const id = fieldId(options.name);
  const problems = problemsOf(state, options.name);
  const described = [options.hint ? `${id}-hint` : '', problems.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    attributes: html`id="${id}" name="${options.name}" ${described ? html`aria-describedby="${described}"` : ''}
    ${problems.length ? html`aria-invalid="true"` : ''}`,
    above: html`<label for="${id}">${options.label}</label> ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
      ${errorMessage(id, problems)}`,
  };
}

type TextInputOptions = FieldOptions & {
  type?: 'text' | 'email' | 'date' | 'time' | 'number' | 'password' | 'url';
  autocomplete?: string;
  inputmode?: string;
};
type SelectOptions = FieldOptions & { choices: ReadonlyArray<{ value: string; label: string }>; blank?: string };
type TextAreaOptions = FieldOptions & { rows?: number };

export function textInput(state: FormState, options: TextInputOptions): SafeHtml {
  const parts = fieldParts(state, options);
  return html`${parts.above}
    <input
      type="${options.type ?? 'text'}"
      ${parts.attributes}
      value="${options.type === 'password' ? '' : (state.values[options.name] ?? '')}"
      ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
      ${options.inputmode ? html`inputmode="${options.inputmode}"` : ''}
    />`;
}

export function selectInput(state: FormState, options: SelectOptions): SafeHtml {
  const parts = fieldParts(state, options);
  const selected = state.values[options.name] ?? '';
  return html`${parts.above}
    <select ${parts.attributes}>
      ${options.blank !== undefined ? html`<option value="">${options.blank}</option>` : ''}
      ${options.choices.map(
        (choice) => html`<option value="${choice.value}" ${choice.value === selected ? html`selected` : ''}>${choice.label}</option>`,
      )}
    </select>`;
}

/**
 * A group of checkboxes under a legend; `state.values[name]` holds the ticked
 * values, comma-separated. A group of one is a yes/no question sent as "yes".
 */
export function checkboxes(
  state: FormState,
  options: FieldOptions & { choices: ReadonlyArray<{ value: string; label: string }> },
): SafeHtml {
  const id = fieldId(options.name);
  const problems = problemsOf(state, options.name);
  const ticked = new Set((state.values[options.name] ?? '').split(','));
  const described = [options.hint ? `${id}-hint` : '', problems.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset ${described ? html`aria-describedby="${described}"` : ''}>
    <legend>${options.label}</legend>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''} ${errorMessage(id, problems)}
    ${options.choices.map(
      (choice, index) =>
        html`<label class="choice">
          <input
            type="checkbox"
            name="${options.name}"
            value="${choice.value}"
            id="${index === 0 ? id : `${id}-${choice.value}`}"
            ${ticked.has(choice.value) ? html`checked` : ''}
          />
          ${choice.label}
        </label>`,
    )}
  </fieldset>`;
}

export function textArea(state: FormState, options: TextAreaOptions): SafeHtml {
  const parts = fieldParts(state, options);
  return html`${parts.above} <textarea ${parts.attributes} rows="${options.rows ?? 5}">${state.values[options.name] ?? ''}</textarea>`;
}

/** A field of a field list: a select when it has choices, a text area when it has rows, else a text input; its label comes from the form's labels. */
export type ListedField<Name extends string> = (
  Omit<TextInputOptions, 'label'> | Omit<SelectOptions, 'label'> | (Omit<TextAreaOptions, 'label'> & { rows: number })
) & {
  name: Name;
};

/** A run of fields, each labelled as the form's `labels` name it, so that a label is written once, in the labels. */
export function fieldList<Name extends string>(
  state: FormState,
  labels: Record<Name, string>,
  fields: ReadonlyArray<ListedField<Name>>,
): SafeHtml {
  const input = (field: ListedField<Name>) => {
    const options = { ...field, label: labels[field.name] };
    if ('choices' in options) return selectInput(state, options);
    if ('rows' in options) return textArea(state, options);
    return textInput(state, options);
  };
  return onSeparateLines(fields.map(input));
}

/** Fields with a line break between them, as between fields written one by one. */
const onSeparateLines = (fields: readonly SafeHtml[]) => new SafeHtml(fields.map((field) => field.value).join('\n'));

/**
 * A GET form narrowing a list to what its selects choose, with a button to
 * show it and, once anything is chosen, a link back to the whole list.
 */
export function filterForm(form: { action: string; state: FormState; showAll: string }, selects: readonly SelectOptions[]): SafeHtml {
  const filtered = Object.values(form.state.values).some(Boolean);
  return html`<form method="get" action="${form.action}">
    ${onSeparateLines(selects.map((select) => selectInput(form.state, select)))}
    <button type="submit" class="button secondary">Show</button>
    ${filtered ? html`<a href="${form.action}">${form.showAll}</a>` : ''}
  </form>`;
}

/**
 * Runs a form's change. When it is refused for something the officer can
 * correct, the form is shown again with the problems: invalid input (400),
 * or a clash with what is recorded, shown on `conflictField` (409). Anything
 * else goes to the error pages.
 */
export async function refusedForm(
  reply: FastifyReply,
  attempt: () => Promise<FastifyReply>,
  render: (problems: FieldProblem[]) => SafeHtml | Promise<SafeHtml>,
  conflictField?: string,
): Promise<FastifyReply> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof InputError) return sendOfficerPage(reply, await render(error.problems), 400);
    if (error instanceof ConflictError && conflictField) {
      return sendOfficerPage(reply, await render([{ field: conflictField, message: error.message }]), 409);
    }
    throw error;
  }
}

/**
 * POST `path` from an officer's form: `change` makes the change with the
 * fields sent; refused for something the officer can correct, `refused` shows
 * the form again with the problems (see refusedForm).
 */
export function formRoute<Params = unknown>(
  app: FastifyInstance,
  path: string,
  form: {
    change: (
      view: OfficerView,
      fields: Record<string, string>,
      request: FastifyRequest<{ Params: Params }>,
      reply: FastifyReply,
    ) => Promise<FastifyReply>;
    refused: (
      view: OfficerView,
      fields: Record<string, string>,
      request: FastifyRequest<{ Params: Params }>,
      problems: FieldProblem[],
    ) => SafeHtml | Promise<SafeHtml>;
    conflictField?: string;
  },
): void {
  app.post<{ Params: Params }>(path, async (request, reply) => {
    const view = officerView(request, reply);
    const fields = formFields(request.body);
    return refusedForm(
      reply,
      () => form.change(view, fields, request, reply),
      (problems) => form.refused(view, fields, request, problems),
      form.conflictField,
    );
  });
}
