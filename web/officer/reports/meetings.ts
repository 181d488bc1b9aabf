import type { FastifyInstance } from 'fastify';

import { html, type SafeHtml } from '../../../render/html';
import type { ServiceDependencies } from '../../../services/context';
import {
  cancelMeeting,
  importMeetings,
  MEETING_COLUMNS,
  meetingAgenda,
  moveMeeting,
  previewMeetingsImport,
  sendMeetingInvitations,
} from '../../../services/reports/meetings';
import { fileRowsTable } from '../../pages/table';
import { csvFormat } from '../csv-format';
import { acceptCsvUploads, confirmImportForm, csvImportRoutes, csvUploadPage, type CsvSent } from '../csv-upload';
import { formRoute, formState, given, postForm, textInput, type FormState } from '../forms';
import { csrfField, officerPage, officerView, sendOfficerPage, type OfficerView } from '../page';

export const meetingPath = (meetingId: string) => `/meetings/${encodeURIComponent(meetingId)}`;

const FIELD_LABELS = { date: 'New date', time: 'New start time', location: 'Where' };

const MEETINGS_FORMAT = csvFormat(
  MEETING_COLUMNS,
  {
    panel_key: 'The panel’s key, as on the panels page, e.g. cyp-scrutiny.',
    date: 'The day of the meeting, written YYYY-MM-DD, e.g. 2027-06-15.',
    start_time: 'When it starts, Europe/London time, written HH:MM (24-hour), e.g. 18:30.',
    location: 'Where it is, e.g. Committee Room 2, Town Hall.',
  },
  ['cyp-scrutiny,2027-06-15,18:30,"Committee Room 2, Town Hall"', 'corporate-parenting,2027-07-06,14:00,Council Chamber'],
);

const NOTICES: Record<string, string> = {
  added: 'The meeting is in the calendar.',
  invited: 'The invitations are on their way to the panel’s distribution list.',
  moved: 'The meeting is moved.',
  movedAndSent: 'The meeting is moved, and the invitees are being sent the updated invitation.',
  cancelled: 'The meeting is cancelled.',
  cancelledAndSent: 'The meeting is cancelled, and the invitees are being sent the cancellation.',
};

type Agenda = Awaited<ReturnType<typeof meetingAgenda>>;

function meetingPage(view: OfficerView, meetingId: string, agenda: Agenda, move: FormState = formState(), notice?: string): SafeHtml {
  const cancelled = agenda.status === 'CANCELLED';
  const canChange = view.officer.actor.role !== 'READ_ONLY' && !cancelled;
  const path = meetingPath(meetingId);
  const moveState = formState({ location: agenda.location, ...move.values }, move.problems);
  return officerPage(
    view,
    `${agenda.panel}: ${agenda.when}`,
    html`<p><a href="/panels/${encodeURIComponent(agenda.panelKey)}#meetings">Back to the ${agenda.panel}</a></p>
      ${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
      <h1>${agenda.panel}: ${agenda.when}</h1>
      <dl class="facts">
        <dt>Where</dt>
        <dd>${agenda.location}</dd>
        <dt>Status</dt>
        <dd>
          ${cancelled ? html`<span class="tag warning">Cancelled</span>` : agenda.invited ? 'Invitations sent' : 'Invitations not sent yet'}
        </dd>
      </dl>
      <p><a href="/reports/meetings#meeting-${meetingId}">The reports this meeting is waiting for</a></p>
      ${
        canChange
          ? html`${
                agenda.invited
                  ? ''
                  : html`<h2>Invite the panel</h2>
                      <p>Emails a calendar invitation to everyone on the panel’s distribution list.</p>
                      <form method="post" action="${path}/invitations">
                        ${csrfField(view)}<button type="submit" class="button">Send the invitations</button>
                      </form>`
              }
              <h2>Move the meeting</h2>
              ${agenda.invited ? html`<p>The invitees get an updated invitation, which moves it in their calendars.</p>` : ''}
              ${postForm(
                view,
                { action: `${path}/move`, state: moveState, labels: FIELD_LABELS },
                html`${textInput(moveState, { name: 'date', label: FIELD_LABELS.date, type: 'date' })}
                  ${textInput(moveState, { name: 'time', label: FIELD_LABELS.time, type: 'time', hint: 'Europe/London time, e.g. 18:30.' })}
                  ${textInput(moveState, { name: 'location', label: FIELD_LABELS.location })}
                  <button type="submit" class="button">Move the meeting</button>`,
              )}
              <h2>Cancel the meeting</h2>
              ${agenda.invited ? html`<p>The invitees get a cancellation, which takes it out of their calendars.</p>` : ''}
              <form method="post" action="${path}/cancel">
                ${csrfField(view)}<button type="submit" class="button warning">Cancel the meeting</button>
              </form>`
          : ''
      }`,
  );
}

const importPage = (view: OfficerView, sent: CsvSent = {}) =>
  csvUploadPage(view, {
    title: 'Add meetings from a CSV file',
    back: { href: '/panels', label: 'Back to the panels' },
    lead:
      'Each row adds one meeting, e.g. a municipal year’s calendar for every panel. Every row is added, or none: a row naming an ' +
      'unknown panel, or a meeting already in the calendar, stops the whole file.',
    action: '/meetings/import',
    format: MEETINGS_FORMAT,
    ...sent,
  });

function importPreviewPage(view: OfficerView, meetings: Awaited<ReturnType<typeof previewMeetingsImport>>, csv: string): SafeHtml {
  const count = meetings.length === 1 ? '1 meeting' : `${meetings.length} meetings`;
  return officerPage(
    view,
    'Check the meetings to add',
    html`<p><a href="/meetings/import">Back to the upload</a></p>
      <h1>Check the meetings to add</h1>
      <p class="lead">Nothing has changed yet. Importing this file adds ${count} to the calendar.</p>
      ${fileRowsTable('Meetings to add', meetings, { heading: 'Panel', cell: (meeting) => meeting.panel }, [
        { heading: 'When', cell: (meeting) => meeting.when },
        { heading: 'Where', cell: (meeting) => meeting.location },
      ])}
      ${confirmImportForm(view, { action: '/meetings/import/confirm', csv, button: `Add ${count}`, cancel: '/meetings/import' })}`,
  );
}

interface MeetingParams {
  meetingId: string;
}

/** One panel meeting: sending its invitations, moving it, cancelling it; and a year's calendar from a file. */
export async function meetingsRoutes(app: FastifyInstance, deps: ServiceDependencies): Promise<void> {
  await acceptCsvUploads(app);

  app.get('/meetings/import', async (request, reply) => sendOfficerPage(reply, importPage(officerView(request, reply))));

  csvImportRoutes(app, '/meetings/import', {
    importPage: async (view, _request, csv, problems) => importPage(view, { csv, problems }),
    preview: async (view, _request, csv) => importPreviewPage(view, await previewMeetingsImport(deps, view.officer.actor, { csv }), csv),
    confirm: async (view, _request, csv) => {
      const { added } = await importMeetings(deps, view.officer.actor, { csv });
      return `/panels?imported=${added}`;
    },
  });

  app.get<{ Params: MeetingParams; Querystring: { done?: string } }>('/meetings/:meetingId', async (request, reply) => {
    const view = officerView(request, reply);
    const { meetingId } = request.params;
    const agenda = await meetingAgenda(deps, view.officer.actor, { meetingId });
    return sendOfficerPage(reply, meetingPage(view, meetingId, agenda, formState(), NOTICES[request.query.done ?? '']));
  });

  app.post<{ Params: MeetingParams }>('/meetings/:meetingId/invitations', async (request, reply) => {
    await sendMeetingInvitations(deps, officerView(request, reply).officer.actor, request.params);
    return reply.redirect(`${meetingPath(request.params.meetingId)}?done=invited`, 303);
  });

  formRoute<MeetingParams>(app, '/meetings/:meetingId/move', {
    change: async (view, fields, request, reply) => {
      const moved = await moveMeeting(deps, view.officer.actor, {
        meetingId: request.params.meetingId,
        date: fields.date ?? '',
        time: fields.time ?? '',
        location: given(fields.location),
      });
      return reply.redirect(`${meetingPath(moved.meetingId)}?done=${moved.invitationsUpdated ? 'movedAndSent' : 'moved'}`, 303);
    },
    refused: async (view, fields, request, problems) => {
      const agenda = await meetingAgenda(deps, view.officer.actor, request.params);
      return meetingPage(view, request.params.meetingId, agenda, formState(fields, problems));
    },
    conflictField: 'date',
  });

  app.post<{ Params: MeetingParams }>('/meetings/:meetingId/cancel', async (request, reply) => {
    const cancelled = await cancelMeeting(deps, officerView(request, reply).officer.actor, request.params);
    return reply.redirect(
      `${meetingPath(cancelled.meetingId)}?done=${cancelled.invitationsCancelled ? 'cancelledAndSent' : 'cancelled'}`,
      303,
    );
  });
}
