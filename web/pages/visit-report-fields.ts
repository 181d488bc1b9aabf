import type { IsoDate } from '../../domain/calendar';
import { RECORD_LABELS, RECORDS_INSPECTED, recordsInspectedText } from '../../domain/findings/records';
import { CATEGORY_LABELS, ISSUE_CATEGORIES, ISSUE_SEVERITIES, SEVERITY_LABELS } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../../render/html';
import { fieldValues, formFields } from '../officer/forms';

/**
 * The fields of a visit report, shared by the member's page (reporting their
 * own visit) and the officer's page (recording a report on a member's behalf),
 * so both ask the same questions and post the same form to the same schema.
 */

/** The form fields as typed, to show again next to any errors. */
export type ReportFormValues = Record<string, string | undefined>;

/** Issue and recommendation rows on the form; empty rows are ignored. */
export const FORM_ROWS = 3;

/** How the questions address the person filling in the form. */
export interface ReportWording {
  spokeWithChildren: string;
  spokeWithStaff: string;
  summary: string;
  summaryHint: string;
  quotable: string;
  issuesHeading: string;
  issueDescription: string;
  /** The regulation 44 questions; `place` is "home" or "office". */
  childrenSafeguarded: string;
  wellbeingPromoted: (place: string) => string;
  spokeWithChildrenInPrivate: string;
  recordsInspected: string;
  noConflictDeclared: (place: string) => string;
}

/** The visiting member, reporting their own visit. */
export const MEMBER_WORDING: ReportWording = {
  spokeWithChildren: 'Did you speak with children or young people?',
  spokeWithStaff: 'Did you speak with staff?',
  summary: 'Summary of your visit',
  summaryHint: 'What went well and what concerned you. Do not name children.',
  quotable: 'May officers quote your summary in reports to the panel?',
  issuesHeading: 'Issues you found',
  issueDescription: 'What did you find?',
  childrenSafeguarded: 'In your opinion, are children effectively safeguarded?',
  wellbeingPromoted: (place) => `In your opinion, does the conduct of the ${place} promote children’s well-being?`,
  spokeWithChildrenInPrivate: 'Did you speak with children in private, with their consent?',
  recordsInspected: 'Which records did you inspect?',
  noConflictDeclared: (place) => `I have no conflict of interest with this ${place}`,
};

/** An officer, copying in what the visitor reported (by email, on paper, by phone). */
export const OFFICER_WORDING: ReportWording = {
  spokeWithChildren: 'Did the visitor speak with children or young people?',
  spokeWithStaff: 'Did the visitor speak with staff?',
  summary: 'Summary of the visit',
  summaryHint: 'What went well and what concerned the visitor, in their words. Do not name children.',
  quotable: 'Has the visitor agreed that officers may quote the summary in reports to the panel?',
  issuesHeading: 'Issues the visitor found',
  issueDescription: 'What was found?',
  childrenSafeguarded: 'In the visitor’s opinion, are children effectively safeguarded?',
  wellbeingPromoted: (place) => `In the visitor’s opinion, does the conduct of the ${place} promote children’s well-being?`,
  spokeWithChildrenInPrivate: 'Did the visitor speak with children in private, with their consent?',
  recordsInspected: 'Which records did the visitor inspect?',
  noConflictDeclared: (place) => `The visitor has declared no conflict of interest with this ${place}`,
};

/** Form field ids match the schema's paths: issues.0.description → issues-0-description; a record inspected → its group. */
export const reportFieldId = (path: string) => (path.startsWith('recordsInspected') ? 'recordsInspected' : path.replace(/\./g, '-'));

/** A field as the error summary names it: "Date of visit", "Issue 2 description". */
export function reportFieldLabel(path: string): string {
  const [head, index, tail] = path.split('.');
  const labels: Record<string, string> = {
    visitedOn: 'Date of visit',
    spokeWithChildren: 'Children and young people',
    spokeWithStaff: 'Staff',
    summary: 'Summary',
    quotable: 'Quoting your summary',
    childrenSafeguarded: 'Children safeguarded',
    wellbeingPromoted: 'Well-being promoted',
    spokeWithChildrenInPrivate: 'Spoke with children in private',
    recordsInspected: 'Records inspected',
    noConflictDeclared: 'No conflict of interest',
    category: 'category',
    severity: 'severity',
    description: 'description',
    text: 'recommendation',
    dueBy: 'timescale',
  };
  if (head === 'issues' || head === 'recommendations')
    return `${head === 'issues' ? 'Issue' : 'Recommendation'} ${Number(index) + 1} ${labels[tail ?? ''] ?? ''}`;
  return labels[head ?? ''] ?? path;
}

function yesNoField(name: string, legend: string, values: ReportFormValues, hint?: string): SafeHtml {
  return html`<fieldset id="${name}">
    <legend>${legend}</legend>
    ${hint ? html`<p class="hint">${hint}</p>` : ''}
    <label class="choice"><input type="radio" name="${name}" value="yes" ${values[name] === 'yes' ? html`checked` : ''} /> Yes</label>
    <label class="choice"><input type="radio" name="${name}" value="no" ${values[name] === 'no' ? html`checked` : ''} /> No</label>
  </fieldset>`;
}

function recordsInspectedField(legend: string, values: ReportFormValues): SafeHtml {
  const ticked = (values.recordsInspected ?? '').split(',');
  return html`<fieldset id="recordsInspected">
    <legend>${legend}</legend>
    <p class="hint">Tick all that apply, including the log of complaints.</p>
    ${RECORDS_INSPECTED.map(
      (key) =>
        html`<label class="choice"
          ><input type="checkbox" name="recordsInspected" value="${key}" ${ticked.includes(key) ? html`checked` : ''} />
          ${RECORD_LABELS[key]}</label
        >`,
    )}
  </fieldset>`;
}

/** The regulation 44 questions: the visitor's two opinions, speaking with children in private, the records inspected, no conflict of interest. */
function reg44Fields(values: ReportFormValues, wording: ReportWording, place: string): SafeHtml {
  return html`${yesNoField('childrenSafeguarded', wording.childrenSafeguarded, values)}
    ${yesNoField('wellbeingPromoted', wording.wellbeingPromoted(place), values)}
    ${yesNoField('spokeWithChildrenInPrivate', wording.spokeWithChildrenInPrivate, values)}
    ${recordsInspectedField(wording.recordsInspected, values)}
    <fieldset id="noConflictDeclared">
      <legend>Conflict of interest</legend>
      <p class="hint">No relative, friend or business link with the ${place}, its staff or the children there.</p>
      <label class="choice"
        ><input type="checkbox" name="noConflictDeclared" value="yes" ${values.noConflictDeclared === 'yes' ? html`checked` : ''} />
        ${wording.noConflictDeclared(place)}</label
      >
    </fieldset>`;
}

function issueRows(values: ReportFormValues, wording: ReportWording): SafeHtml[] {
  return Array.from({ length: FORM_ROWS }, (_, index) => {
    const name = (field: string) => `issues.${index}.${field}`;
    return html`<fieldset class="row">
      <legend>Issue ${index + 1}</legend>
      <label for="${reportFieldId(name('category'))}">Category</label>
      <select id="${reportFieldId(name('category'))}" name="${name('category')}">
        <option value="">Choose a category</option>
        ${ISSUE_CATEGORIES.map((category) => html`<option value="${category}" ${values[name('category')] === category ? html`selected` : ''}>${CATEGORY_LABELS[category]}</option>`)}
      </select>
      <label for="${reportFieldId(name('severity'))}">Severity</label>
      <select id="${reportFieldId(name('severity'))}" name="${name('severity')}">
        <option value="">Choose a severity</option>
        ${ISSUE_SEVERITIES.map((severity) => html`<option value="${severity}" ${values[name('severity')] === severity ? html`selected` : ''}>${SEVERITY_LABELS[severity]}</option>`)}
      </select>
      <label for="${reportFieldId(name('description'))}">${wording.issueDescription}</label>
      <textarea id="${reportFieldId(name('description'))}" name="${name('description')}" rows="3">
${values[name('description')] ?? ''}</textarea>
    </fieldset>`;
  });
}

function recommendationRows(values: ReportFormValues): SafeHtml[] {
  return Array.from({ length: FORM_ROWS }, (_, index) => {
    const name = (field: string) => `recommendations.${index}.${field}`;
    return html`<fieldset class="row">
      <legend>Recommendation ${index + 1}</legend>
      <label for="${reportFieldId(name('text'))}">Recommendation</label>
      <textarea id="${reportFieldId(name('text'))}" name="${name('text')}" rows="2">${values[name('text')] ?? ''}</textarea>
      <label for="${reportFieldId(name('dueBy'))}">To be done by (optional)</label>
      <input type="date" id="${reportFieldId(name('dueBy'))}" name="${name('dueBy')}" value="${values[name('dueBy')] ?? ''}" />
    </fieldset>`;
  });
}

/**
 * The report's questions, between a form's heading and its submit button; the
 * visit date may lie in [earliest, latest]; `place` is the visit duty's place, e.g. "children's home".
 */
export function reportFields(
  values: ReportFormValues,
  visit: { earliest: IsoDate; latest: IsoDate; place: string },
  wording: ReportWording,
): SafeHtml {
  return html`<label for="visitedOn">Date of visit</label>
    <input
      type="date"
      id="visitedOn"
      name="visitedOn"
      required
      min="${visit.earliest}"
      max="${visit.latest}"
      value="${values.visitedOn ?? ''}"
    />
    ${yesNoField('spokeWithChildren', wording.spokeWithChildren, values)} ${yesNoField('spokeWithStaff', wording.spokeWithStaff, values)}
    ${reg44Fields(values, wording, placeWord(visit.place))}
    <label for="summary">${wording.summary}</label>
    <p class="hint">${wording.summaryHint}</p>
    <textarea id="summary" name="summary" rows="6">${values.summary ?? ''}</textarea>
    ${yesNoField('quotable', wording.quotable, values, 'Only say yes if the summary contains nothing that could identify a child.')}
    <h3>${wording.issuesHeading}</h3>
    <p class="hint">Leave these empty if there were none.</p>
    ${issueRows(values, wording)}
    <h3>Recommendations</h3>
    ${recommendationRows(values)}`;
}

/**
 * Turns the posted form into the report schema's shape, dropping rows left
 * empty, and maps the schema's error paths back to the form's fields (issue
 * row 3 stays row 3 even when rows 1 and 2 were left empty).
 */
export function reportInputFromForm(form: ReportFormValues) {
  const filledRows = (prefix: string, fields: string[]) =>
    Array.from({ length: FORM_ROWS }, (_, index) => ({
      index,
      row: Object.fromEntries(fields.map((field) => [field, form[`${prefix}.${index}.${field}`] || undefined])),
    })).filter(({ row }) => Object.values(row).some((value) => value !== undefined));
  const issues = filledRows('issues', ['category', 'severity', 'description']);
  const recommendations = filledRows('recommendations', ['text', 'dueBy']);
  const input = {
    visitedOn: form.visitedOn ?? '',
    spokeWithChildren: form.spokeWithChildren,
    spokeWithStaff: form.spokeWithStaff,
    summary: form.summary,
    quotable: form.quotable ?? 'no',
    childrenSafeguarded: form.childrenSafeguarded,
    wellbeingPromoted: form.wellbeingPromoted,
    spokeWithChildrenInPrivate: form.spokeWithChildrenInPrivate,
    recordsInspected: (form.recordsInspected ?? '').split(',').filter(Boolean),
    noConflictDeclared: form.noConflictDeclared,
    issues: issues.map(({ row }) => row),
    recommendations: recommendations.map(({ row }) => row),
  };
  const formPath = (path: string) =>
    path.replace(/^(issues|recommendations)\.(\d+)/, (_, list: string, position: string) => {
      const rows = list === 'issues' ? issues : recommendations;
      return `${list}.${rows[Number(position)]?.index ?? position}`;
    });
  return { input, formPath };
}

/** A posted report form as the fields show it again: one value each, the ticked records comma-separated. */
export const reportFormValues = (body: unknown): ReportFormValues => ({
  ...formFields(body),
  recordsInspected: fieldValues(body, 'recordsInspected').join(','),
});

const yesNoText = (answer: boolean | null) => (answer === null ? 'Not asked' : answer ? 'Yes' : 'No');

/** The visit duty's place as the questions name it: "home" or "office". */
const placeWord = (place: string) => (place === "children's home" ? 'home' : 'office');

/** The regulation 44 answers of a sent report, as rows of a facts list; "Not asked" on reports made before the form asked. */
export function reg44Answers(
  report: {
    childrenSafeguarded: boolean | null;
    wellbeingPromoted: boolean | null;
    spokeWithChildrenInPrivate: boolean | null;
    recordsInspected: string[];
    noConflictDeclared: boolean;
  },
  place: string,
): SafeHtml {
  return html`<dt>Children effectively safeguarded, in the visitor’s opinion</dt>
    <dd>${yesNoText(report.childrenSafeguarded)}</dd>
    <dt>The conduct of the ${placeWord(place)} promotes children’s well-being, in the visitor’s opinion</dt>
    <dd>${yesNoText(report.wellbeingPromoted)}</dd>
    <dt>Spoke with children in private, with their consent</dt>
    <dd>${yesNoText(report.spokeWithChildrenInPrivate)}</dd>
    <dt>Records inspected</dt>
    <dd>${recordsInspectedText(report.recordsInspected)}</dd>
    <dt>No conflict of interest declared</dt>
    <dd>${report.noConflictDeclared ? 'Yes' : 'Not asked'}</dd>`;
}
