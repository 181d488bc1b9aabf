import { formatDate, formatDateTime } from '../../domain/calendar';
import { CATEGORY_LABELS, ISSUE_CATEGORIES, ISSUE_SEVERITIES } from '../../domain/reports/visit-summary';
import { html, type SafeHtml } from '../../render/html';
import type { FieldProblem } from '../../services/errors';
import type { visitPageForMember } from '../../services/visits';
import { errorSummary, page } from './layout';

export type MemberVisitPage = Awaited<ReturnType<typeof visitPageForMember>>;

/** The form fields as the member typed them, to show again next to any errors. */
export type ReportFormValues = Record<string, string | undefined>;

/** Issue and recommendation rows on the form; empty rows are ignored. */
export const FORM_ROWS = 3;

const SEVERITY_LABELS = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' } as const;

function visitFacts(visit: MemberVisitPage): SafeHtml {
  return html`<dl class="facts">
    <dt>${visit.place === "children's home" ? 'Home' : 'Office'}</dt>
    <dd>${visit.establishmentName}</dd>
    ${
      visit.establishmentAddress
        ? html`<dt>Address</dt>
            <dd>${visit.establishmentAddress}</dd>`
        : ''
    }
    <dt>Visit between</dt>
    <dd>${formatDate(visit.periodStart)} and ${formatDate(visit.periodEnd)}</dd>
  </dl>`;
}

/** Form field ids match the schema's paths: issues.0.description → issues-0-description. */
const fieldId = (path: string) => path.replace(/\./g, '-');

function fieldLabel(path: string): string {
  const [head, index, tail] = path.split('.');
  const labels: Record<string, string> = {
    visitedOn: 'Date of visit',
    spokeWithChildren: 'Children and young people',
    spokeWithStaff: 'Staff',
    summary: 'Summary',
    quotable: 'Quoting your summary',
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

function issueRows(values: ReportFormValues): SafeHtml[] {
  return Array.from({ length: FORM_ROWS }, (_, index) => {
    const name = (field: string) => `issues.${index}.${field}`;
    return html`<fieldset class="row">
      <legend>Issue ${index + 1}</legend>
      <label for="${fieldId(name('category'))}">Category</label>
      <select id="${fieldId(name('category'))}" name="${name('category')}">
        <option value="">Choose a category</option>
        ${ISSUE_CATEGORIES.map((category) => html`<option value="${category}" ${values[name('category')] === category ? html`selected` : ''}>${CATEGORY_LABELS[category]}</option>`)}
      </select>
      <label for="${fieldId(name('severity'))}">Severity</label>
      <select id="${fieldId(name('severity'))}" name="${name('severity')}">
        <option value="">Choose a severity</option>
        ${ISSUE_SEVERITIES.map((severity) => html`<option value="${severity}" ${values[name('severity')] === severity ? html`selected` : ''}>${SEVERITY_LABELS[severity]}</option>`)}
      </select>
      <label for="${fieldId(name('description'))}">What did you find?</label>
      <textarea id="${fieldId(name('description'))}" name="${name('description')}" rows="3">${values[name('description')] ?? ''}</textarea>
    </fieldset>`;
  });
}

function recommendationRows(values: ReportFormValues): SafeHtml[] {
  return Array.from({ length: FORM_ROWS }, (_, index) => {
    const name = (field: string) => `recommendations.${index}.${field}`;
    return html`<fieldset class="row">
      <legend>Recommendation ${index + 1}</legend>
      <label for="${fieldId(name('text'))}">Recommendation</label>
      <textarea id="${fieldId(name('text'))}" name="${name('text')}" rows="2">${values[name('text')] ?? ''}</textarea>
      <label for="${fieldId(name('dueBy'))}">To be done by (optional)</label>
      <input type="date" id="${fieldId(name('dueBy'))}" name="${name('dueBy')}" value="${values[name('dueBy')] ?? ''}" />
    </fieldset>`;
  });
}

function reportForm(visit: MemberVisitPage, action: string, values: ReportFormValues): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
    <h2>Your visit report</h2>
    <label for="visitedOn">Date of visit</label>
    <input
      type="date"
      id="visitedOn"
      name="visitedOn"
      required
      min="${visit.periodStart}"
      max="${visit.today}"
      value="${values.visitedOn ?? ''}"
    />
    ${yesNoField('spokeWithChildren', 'Did you speak with children or young people?', values)}
    ${yesNoField('spokeWithStaff', 'Did you speak with staff?', values)}
    <label for="summary">Summary of your visit</label>
    <p class="hint">What went well and what concerned you. Do not name children.</p>
    <textarea id="summary" name="summary" rows="6">${values.summary ?? ''}</textarea>
    ${yesNoField('quotable', 'May officers quote your summary in reports to the panel?', values, 'Only say yes if the summary contains nothing that could identify a child.')}
    <h3>Issues you found</h3>
    <p class="hint">Leave these empty if there were none.</p>
    ${issueRows(values)}
    <h3>Recommendations</h3>
    ${recommendationRows(values)}
    <button type="submit" class="button">Send report</button>
  </form>`;
}

function submittedReport(visit: MemberVisitPage): SafeHtml {
  const report = visit.report!;
  return html`<div class="panel">
      <h2>${report.byThisMember ? 'Thank you: your report has been received' : 'A report for this visit has already been received'}</h2>
      <p>Received ${formatDateTime(report.submittedAt)}, for the visit on ${formatDate(report.visitedOn)}.</p>
    </div>
    <h3>What was reported</h3>
    <dl class="facts">
      <dt>Spoke with children or young people</dt>
      <dd>${report.spokeWithChildren ? 'Yes' : 'No'}</dd>
      <dt>Spoke with staff</dt>
      <dd>${report.spokeWithStaff ? 'Yes' : 'No'}</dd>
      ${
        report.byThisMember
          ? html`<dt>Summary</dt>
              <dd>${report.summary ?? 'None'}</dd>
              <dt>May be quoted</dt>
              <dd>${report.quotable ? 'Yes' : 'No'}</dd>`
          : ''
      }
    </dl>
    ${
      report.issues.length
        ? html`<h3>Issues</h3>
            <ul>
              ${report.issues.map((issue) => html`<li>${issue.category} (${SEVERITY_LABELS[issue.severity]}): ${issue.description}</li>`)}
            </ul>`
        : html`<p>No issues were reported.</p>`
    }`;
}

function answerForms(action: string, preselected: string | undefined): SafeHtml {
  return html`<form method="post" action="${action}">
      <input type="hidden" name="answer" value="accept" />
      <button type="submit" class="button" ${preselected === 'decline' ? '' : html`autofocus`}>Yes, I will visit</button>
    </form>
    <details ${preselected === 'decline' ? html`open` : ''}>
      <summary>I cannot do this visit</summary>
      <form method="post" action="${action}">
        <input type="hidden" name="answer" value="decline" />
        <label for="reason">Reason (optional, shared with democratic services)</label>
        <textarea id="reason" name="reason" rows="2"></textarea>
        <button type="submit" class="button secondary">Decline the visit</button>
      </form>
    </details>`;
}

/** The one page behind a visit link: answer, report, or see what was reported. */
export function memberVisitPage(
  visit: MemberVisitPage,
  options: { basePath: string; preselected?: string; values?: ReportFormValues; problems?: FieldProblem[]; notice?: string },
): SafeHtml {
  const values = options.values ?? {};
  const problems = options.problems ?? [];
  let body: SafeHtml;
  if (visit.report) body = submittedReport(visit);
  else if (visit.assignmentStatus === 'INVITED' && (visit.visitStatus === 'ALLOCATED' || visit.visitStatus === 'UNALLOCATED')) {
    body = html`<p>Will you make this visit? If you accept, you can send your report from this page afterwards.</p>
      ${answerForms(`${options.basePath}/answer`, options.preselected)}`;
  } else if (visit.assignmentStatus === 'ACCEPTED' || visit.visitStatus === 'MISSED') {
    body = html`${visit.assignmentStatus === 'ACCEPTED' ? html`<p>You have accepted this visit. After visiting, please send your report.</p>` : ''}${reportForm(visit, `${options.basePath}/report`, values)}`;
  } else {
    body = html`<p>This visit is no longer with you. Thank you.</p>`;
  }
  return page(
    `${visit.dutyName}: ${visit.establishmentName}`,
    html`<h1>${visit.dutyName}: ${visit.establishmentName}</h1>
      <p class="lead">${visit.memberName}, ${visit.councilName}</p>
      ${options.notice ? html`<div class="panel" role="status">${options.notice}</div>` : ''}
      ${errorSummary(problems, { id: fieldId, label: fieldLabel })} ${visitFacts(visit)} ${body}`,
  );
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
