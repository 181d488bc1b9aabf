import type { FastifyInstance } from 'fastify';

import { PANEL_NAMES, ROLE_NAMES } from '../../../domain/training/requirements';
import { CourseKind, MemberRole, PanelKind, PoolPurpose, RenewalBasis, type Course } from '../../../prisma/generated/client';
import { html, type SafeHtml } from '../../../render/html';
import { requireWriter } from '../../../services/access';
import type { ServiceDependencies } from '../../../services/context';
import {
  courseByKey,
  listCourses,
  registerCourse,
  updateCourse,
  type RegisterCourseInput,
  type UpdateCourseInput,
} from '../../../services/training/training';
import { scrollingTable } from '../../pages/table';
import { checkboxes, fieldValues, formRoute, formState, given, itemsOf, postForm, selectInput, textInput, type FormState } from '../forms';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

const KIND_NAMES: Record<CourseKind, string> = {
  CORPORATE_PARENTING_INDUCTION: 'Corporate parenting induction',
  SAFEGUARDING_SEMINAR: 'Safeguarding seminar',
  PERFORMANCE_DATA: 'Performance data training',
  DBS_CHECK: 'Criminal record (DBS) check',
  OTHER: 'Other',
};
const POOL_NAMES: Record<PoolPurpose, string> = {
  REG33_HOMES: 'Regulation 33 visiting pool',
  REC41_OFFICES: 'Recommendation 41 visiting pool',
};
const RENEWAL_BASES: Record<RenewalBasis, string> = {
  COMPLETION_DATE: 'from the day it was done',
  PREVIOUS_EXPIRY: 'from the previous expiry, when renewed in time',
  FIXED_MUNICIPAL_YEAR: 'to the end of a municipal year',
};

const COURSE_LABELS = {
  title: 'Title',
  key: 'Key',
  kind: 'Kind of course',
  validityMonths: 'Months it stays valid',
  renewalBasis: 'Validity counts',
  renewalWindowDays: 'Renewal opens, days before expiry',
  reminderDays: 'Reminders, days before it is due',
  inductionWeeks: 'Weeks a member has to do it',
  requiredForRoles: 'Required of every member who is',
  requiredForPanels: 'Required of members of',
  requiredForPools: 'Required of members of the pools',
  requiresOfficerVerification: 'An officer verifies what members confirm',
  renewAfterElection: 'Done again after each election',
  published: 'On the public attendance list',
};

/** The checkbox groups of the form: which members must do the course. */
const REQUIRED_FOR = {
  requiredForRoles: Object.values(MemberRole).map((role) => ({ value: role, label: ROLE_NAMES[role] })),
  requiredForPanels: Object.values(PanelKind).map((kind) => ({ value: kind, label: PANEL_NAMES[kind] })),
  requiredForPools: Object.values(PoolPurpose).map((purpose) => ({ value: purpose, label: POOL_NAMES[purpose] })),
} as const;
const FLAGS = ['requiresOfficerVerification', 'renewAfterElection', 'published'] as const;

const coursePath = (key: string) => `/training/courses/${encodeURIComponent(key)}`;

const requiredOf = (course: Course): string =>
  [
    ...course.requiredForRoles.map((role) => `every member who is ${ROLE_NAMES[role]}`),
    ...course.requiredForPanels.map((panel) => `members of the ${PANEL_NAMES[panel]}`),
    ...course.requiredForPools.map((pool) => `members of the ${POOL_NAMES[pool]}`),
  ].join('; ') || 'Nobody: it is optional';

/** What the form sent, as the service takes it (the service checks every value and names any that is wrong). */
function courseInputOf(fields: Record<string, string>, body: unknown) {
  return {
    title: fields.title ?? '',
    kind: fields.kind ?? '',
    validityMonths: given(fields.validityMonths) ?? null,
    renewalBasis: fields.renewalBasis ?? '',
    renewalWindowDays: given(fields.renewalWindowDays),
    reminderDays: itemsOf(fields.reminderDays),
    inductionWeeks: given(fields.inductionWeeks) ?? null,
    requiredForRoles: fieldValues(body, 'requiredForRoles'),
    requiredForPanels: fieldValues(body, 'requiredForPanels'),
    requiredForPools: fieldValues(body, 'requiredForPools'),
    ...Object.fromEntries(FLAGS.map((flag) => [flag, fields[flag] === 'yes'])),
  } as Omit<UpdateCourseInput, 'key'>;
}

/** The form's values after a refusal: as sent, the ticked boxes of each group comma-separated. */
const sentValues = (fields: Record<string, string>, body: unknown): FormState['values'] => ({
  ...fields,
  ...Object.fromEntries(Object.keys(REQUIRED_FOR).map((name) => [name, fieldValues(body, name).join(',')])),
});

/** A stored course as the form shows it. */
const storedValues = (course: Course): FormState['values'] => ({
  key: course.key,
  title: course.title,
  kind: course.kind,
  validityMonths: course.validityMonths?.toString() ?? '',
  renewalBasis: course.renewalBasis,
  renewalWindowDays: String(course.renewalWindowDays),
  reminderDays: course.reminderDays.join(', '),
  inductionWeeks: course.inductionWeeks?.toString() ?? '',
  requiredForRoles: course.requiredForRoles.join(','),
  requiredForPanels: course.requiredForPanels.join(','),
  requiredForPools: course.requiredForPools.join(','),
  ...Object.fromEntries(FLAGS.map((flag) => [flag, course[flag] ? 'yes' : ''])),
});

/** A new course starts from the service's defaults. */
const NEW_COURSE = formState({
  renewalBasis: 'COMPLETION_DATE',
  renewalWindowDays: '60',
  reminderDays: '60, 30, 7',
  published: 'yes',
});

/** Every field the command line takes; the key only for a new course, since records and links name it. */
function courseFields(state: FormState, isNew: boolean): SafeHtml {
  const yesNo = (name: (typeof FLAGS)[number], hint: string) =>
    checkboxes(state, { name, label: COURSE_LABELS[name], hint, choices: [{ value: 'yes', label: 'Yes' }] });
  return html`${textInput(state, { name: 'title', label: COURSE_LABELS.title, hint: 'What members know it as, e.g. Safeguarding seminar.' })}
  ${
    isNew
      ? textInput(state, {
          name: 'key',
          label: COURSE_LABELS.key,
          hint: 'A short name for links and files: lower-case letters, digits and hyphens, e.g. safeguarding-seminar. It cannot be changed later.',
        })
      : ''
  }
  ${selectInput(state, {
    name: 'kind',
    label: COURSE_LABELS.kind,
    blank: 'Choose the kind of course',
    choices: Object.values(CourseKind).map((kind) => ({ value: kind, label: KIND_NAMES[kind] })),
  })}
  ${textInput(state, {
    name: 'validityMonths',
    label: COURSE_LABELS.validityMonths,
    hint: 'For example 12. Leave it blank if it never expires.',
    inputmode: 'numeric',
  })}
  ${selectInput(state, {
    name: 'renewalBasis',
    label: COURSE_LABELS.renewalBasis,
    choices: Object.values(RenewalBasis).map((basis) => ({ value: basis, label: RENEWAL_BASES[basis] })),
  })}
  ${textInput(state, {
    name: 'renewalWindowDays',
    label: COURSE_LABELS.renewalWindowDays,
    hint: 'Members are asked to renew from this many days before it expires, e.g. 60.',
    inputmode: 'numeric',
  })}
  ${textInput(state, {
    name: 'reminderDays',
    label: COURSE_LABELS.reminderDays,
    hint: 'Up to 6, separated by commas, e.g. 60, 30, 7. Leave it blank for no reminders.',
  })}
  ${textInput(state, {
    name: 'inductionWeeks',
    label: COURSE_LABELS.inductionWeeks,
    hint: 'Once it is required of them, e.g. 8. Leave it blank if they must do it at once.',
    inputmode: 'numeric',
  })}
  ${checkboxes(state, { name: 'requiredForRoles', label: COURSE_LABELS.requiredForRoles, choices: REQUIRED_FOR.requiredForRoles })}
  ${checkboxes(state, {
    name: 'requiredForPanels',
    label: COURSE_LABELS.requiredForPanels,
    hint: 'Members must do it before sitting on the panel.',
    choices: REQUIRED_FOR.requiredForPanels,
  })}
  ${checkboxes(state, { name: 'requiredForPools', label: COURSE_LABELS.requiredForPools, choices: REQUIRED_FOR.requiredForPools })}
  ${yesNo('requiresOfficerVerification', 'A completion a member confirms counts only once an officer has checked the evidence.')}
  ${yesNo('renewAfterElection', 'Members must do it again after each election, even if it has not expired.')}
  ${yesNo('published', 'Completions are listed on the public attendance list.')}`;
}

function coursesPage(view: OfficerView, courses: Course[], notice?: string): SafeHtml {
  const canChange = view.officer.actor.role !== 'READ_ONLY';
  return officerPage(
    view,
    'Courses',
    html`<p><a href="/training">Back to training</a></p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
      <h1>Courses</h1>
      <p class="lead">What each course requires, of whom, and how long it lasts.</p>
      ${canChange ? html`<p><a class="button" href="/training/new-course">Add a course</a></p>` : ''}
      ${scrollingTable({
        headings: [
          'Course',
          'Required of',
          'Lasts',
          'New members have',
          'Checks',
          canChange && html`<span class="visually-hidden">Action</span>`,
        ],
        rows: courses.map(
          (course) =>
            html`<tr>
              <th scope="row">
                ${course.title}
                <p class="hint">${course.key}</p>
              </th>
              <td>${requiredOf(course)}</td>
              <td>
                ${course.validityMonths ? `${course.validityMonths} months, ${RENEWAL_BASES[course.renewalBasis]}` : 'Does not expire'}
                ${course.renewAfterElection ? html`<p class="hint">Done again after each election.</p>` : ''}
              </td>
              <td>${course.inductionWeeks ? `${course.inductionWeeks} weeks to do it` : 'To do it at once'}</td>
              <td>
                ${course.requiresOfficerVerification ? 'An officer verifies what members confirm.' : 'Members’ word is taken.'}
                ${course.published ? 'On the public attendance list.' : 'Not published.'}
              </td>
              ${
                canChange
                  ? html`<td>
                      <a href="${coursePath(course.key)}">Change<span class="visually-hidden"> ${course.title}</span></a>
                    </td>`
                  : ''
              }
            </tr>`,
        ),
        empty: 'No courses are registered yet.',
      })}`,
  );
}

function newCoursePage(view: OfficerView, state: FormState): SafeHtml {
  return officerPage(
    view,
    'Add a course',
    html`<p><a href="/training/courses">Back to courses</a></p>
      <h1>Add a course</h1>
      <p class="lead">Members who need it are given a training cycle, with reminders, as soon as it is added.</p>
      ${postForm(
        view,
        { action: '/training/courses', state, labels: COURSE_LABELS },
        html`${courseFields(state, true)} <button type="submit" class="button">Add the course</button>`,
      )}`,
  );
}

function editCoursePage(view: OfficerView, course: Course, state: FormState): SafeHtml {
  return officerPage(
    view,
    `Change ${course.title}`,
    html`<p><a href="/training/courses">Back to courses</a></p>
      <h1>Change ${course.title}</h1>
      <p class="lead">Key ${course.key}. Every member’s training on it is looked at again under the new rules.</p>
      ${postForm(
        view,
        { action: coursePath(course.key), state, labels: COURSE_LABELS },
        html`${courseFields(state, false)} <button type="submit" class="button">Save the changes</button>`,
      )}`,
  );
}

interface CourseParams {
  key: string;
}

/** The council's courses: what each requires of whom, adding one and changing its rules. */
export async function courseRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  app.get<{ Querystring: { added?: string; updated?: string } }>('/training/courses', async (request, reply) => {
    const view = officerView(request, reply);
    const courses = await listCourses(deps, view.officer.actor);
    const changed = courses.find((course) => course.key === (request.query.added ?? request.query.updated));
    const notice = changed && `${changed.title} ${request.query.added ? 'is added' : 'is changed'}; members’ training follows it.`;
    return sendOfficerPage(reply, coursesPage(view, courses, notice));
  });

  app.get('/training/new-course', async (request, reply) => {
    const view = officerView(request, reply);
    requireWriter(view.officer.actor, 'add courses');
    return sendOfficerPage(reply, newCoursePage(view, NEW_COURSE));
  });

  formRoute(app, '/training/courses', {
    change: async (view, fields, request, reply) => {
      const input = { ...courseInputOf(fields, request.body), key: fields.key ?? '' } as RegisterCourseInput;
      const course = await registerCourse(deps, view.officer.actor, input);
      return reply.redirect(`/training/courses?added=${encodeURIComponent(course.key)}`, 303);
    },
    refused: (view, fields, request, problems) => newCoursePage(view, formState(sentValues(fields, request.body), problems)),
    // The only clash when adding is a key already in use.
    conflictField: 'key',
  });

  app.get<{ Params: CourseParams }>('/training/courses/:key', async (request, reply) => {
    const view = officerView(request, reply);
    const course = await courseByKey(deps, view.officer.actor, request.params.key);
    requireWriter(view.officer.actor, 'change courses');
    return sendOfficerPage(reply, editCoursePage(view, course, formState(storedValues(course))));
  });

  formRoute<CourseParams>(app, '/training/courses/:key', {
    change: async (view, fields, request, reply) => {
      await updateCourse(deps, view.officer.actor, { ...courseInputOf(fields, request.body), key: request.params.key });
      return reply.redirect(`/training/courses?updated=${encodeURIComponent(request.params.key)}`, 303);
    },
    refused: async (view, fields, request, problems) =>
      editCoursePage(
        view,
        await courseByKey(deps, view.officer.actor, request.params.key),
        formState(sentValues(fields, request.body), problems),
      ),
  });
}
