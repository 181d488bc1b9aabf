import type { FastifyInstance } from 'fastify';

import { formatDate } from '../../../domain/calendar';
import { html, type SafeHtml } from '../../../render/html';
import { requireWriter } from '../../../services/access';
import type { ServiceDependencies } from '../../../services/context';
import type { FieldProblem } from '../../../services/errors';
import {
  importSessionRegister,
  previewSessionRegister,
  SESSION_REGISTER_COLUMNS,
  type SessionRegisterPreview,
} from '../../../services/training/records';
import { listCourses } from '../../../services/training/training';
import { csvFormat, MEMBER_NAMED_BY } from '../csv-format';
import { acceptCsvUploads, confirmImportForm, csvImportRoutes, csvUploadPage, previewTable } from '../csv-upload';
import { formFields, formState, selectInput, textInput } from '../forms';
import { officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

const SESSION_LABELS = { courseKey: 'Course', completedOn: 'Day of the session' };

const REGISTER_FORMAT = csvFormat(
  SESSION_REGISTER_COLUMNS,
  { ...MEMBER_NAMED_BY, evidence: 'Optional: the sign-in sheet or certificate reference, e.g. SS-2026-11.' },
  ['NM004,,SS-2026-11', ',sam.jones@members.example,SS-2026-11'],
);

/** The course and day every row of the register shares, as sent. */
interface Session {
  courseKey: string;
  completedOn: string;
}

const sessionOf = (body: unknown): Session => {
  const { courseKey = '', completedOn = '' } = formFields(body);
  return { courseKey, completedOn };
};

async function uploadPage(
  deps: ServiceDependencies,
  view: OfficerView,
  sent: { session?: Session; csv?: string; problems?: FieldProblem[]; done?: { recorded?: string; course?: string } } = {},
): Promise<SafeHtml> {
  const courses = await listCourses(deps, view.officer.actor);
  const state = formState({ ...sent.session }, sent.problems);
  const recorded = Number(sent.done?.recorded);
  const course = courses.find((candidate) => candidate.key === sent.done?.course);
  return csvUploadPage(view, {
    title: 'Upload a session register',
    back: { href: '/training', label: 'Back to training' },
    lead:
      'Everyone on the register attended the course on the day, and is recorded as having completed it then. Every row is recorded, ' +
      'or none: a row naming an unknown member, a member not serving that day, or one already recorded stops the whole file.',
    action: '/training/registers',
    format: REGISTER_FORMAT,
    shared: {
      labels: SESSION_LABELS,
      fields: html`${selectInput(state, {
        name: 'courseKey',
        label: SESSION_LABELS.courseKey,
        blank: 'Choose the course',
        choices: courses.map((course) => ({ value: course.key, label: course.title })),
      })}
      ${textInput(state, { name: 'completedOn', label: SESSION_LABELS.completedOn, type: 'date' })}`,
    },
    csv: sent.csv,
    problems: sent.problems,
    notice:
      sent.done?.recorded && Number.isInteger(recorded)
        ? `Recorded ${recorded === 1 ? '1 completion' : `${recorded} completions`}${course ? ` of ${course.title}` : ''}.`
        : undefined,
  });
}

function previewPage(view: OfficerView, preview: SessionRegisterPreview, csv: string, session: Session): SafeHtml {
  const count = preview.attendees.length === 1 ? '1 completion' : `${preview.attendees.length} completions`;
  const day = formatDate(preview.completedOn);
  return officerPage(
    view,
    'Check the register',
    html`<p><a href="/training/registers">Back to the upload</a></p>
      <h1>Check the register of ${preview.course.title} on ${day}</h1>
      <p class="lead">Nothing has changed yet. Recording this register gives the members below ${count} of ${preview.course.title}.</p>
      ${previewTable('Attendees to record', preview.attendees, [
        { heading: 'Evidence', cell: (attendee) => attendee.evidence ?? 'None given' },
      ])}
      ${confirmImportForm(view, {
        action: '/training/registers/confirm',
        csv,
        shared: { ...session },
        button: `Record ${count} on ${day}`,
        cancel: '/training/registers',
      })}`,
  );
}

/** Uploading a training session's register: preview, then record every row or none. */
export async function registerRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await acceptCsvUploads(app);

  app.get<{ Querystring: { recorded?: string; course?: string } }>('/training/registers', async (request, reply) => {
    const view = officerView(request, reply);
    requireWriter(view.officer.actor, 'record training');
    return sendOfficerPage(reply, await uploadPage(deps, view, { done: request.query }));
  });

  csvImportRoutes(app, '/training/registers', {
    importPage: (view, request, csv, problems) => uploadPage(deps, view, { session: sessionOf(request.body), csv, problems }),
    preview: async (view, request, csv) => {
      const session = sessionOf(request.body);
      return previewPage(view, await previewSessionRegister(deps, view.officer.actor, { ...session, csv }), csv, session);
    },
    confirm: async (view, request, csv) => {
      const session = sessionOf(request.body);
      const { recorded } = await importSessionRegister(deps, view.officer.actor, { ...session, csv });
      return `/training/registers?recorded=${recorded}&course=${encodeURIComponent(session.courseKey)}`;
    },
  });
}
