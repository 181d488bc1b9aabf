import type { Command } from 'commander';

import {
  addMeeting,
  cancelMeeting,
  importMeetings,
  listMeetings,
  MEETING_COLUMNS,
  meetingAgenda,
  moveMeeting,
  sendMeetingInvitations,
} from '../../../services/reports/meetings';
import { acting, readCsvFile, showing, subcommand, type GlobalOptions } from '../../context';

export function registerMeetingCommands(program: Command, globals: () => GlobalOptions): void {
  const meetings = program.command('meetings').description('panel meetings');

  showing(subcommand(meetings, 'list', 'list panel meetings, soonest first'), globals, listMeetings, (rows) => {
    for (const row of rows) console.log(`${row.id}  ${row.when.padEnd(40)} ${row.panel} (${row.invitees} on the list)`);
  });

  subcommand(meetings, 'invite <meetingId>', "email the meeting's calendar invitation to the panel's distribution list").action(
    acting(globals, async (deps, actor, meetingId: string) => {
      const result = await sendMeetingInvitations(deps, actor, { meetingId });
      console.log(`Invitations are being sent (workflow ${result.workflowId}).`);
    }),
  );

  subcommand(meetings, 'add <panelKey>', 'add a meeting to a panel’s calendar')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .requiredOption('--time <time>', 'HH:MM, e.g. 18:30')
    .requiredOption('--location <place>')
    .action(
      acting(globals, async (deps, actor, panelKey: string, options: { date: string; time: string; location: string }) => {
        const result = await addMeeting(deps, actor, { panelKey, ...options });
        console.log(`Added: ${result.when} (${result.meetingId}).`);
      }),
    );

  subcommand(meetings, 'move <meetingId>', 'move a meeting; once invited, the invitees get the updated invitation')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .requiredOption('--time <time>', 'HH:MM, e.g. 18:30')
    .option('--location <place>', 'where it now is (left out, it stays where it was)')
    .action(
      acting(globals, async (deps, actor, meetingId: string, options: { date: string; time: string; location?: string }) => {
        const moved = await moveMeeting(deps, actor, { meetingId, ...options });
        console.log(
          `Moved to ${moved.when}, ${moved.location}.${moved.invitationsUpdated ? ' The invitees are being sent the update.' : ''}`,
        );
      }),
    );

  subcommand(meetings, 'cancel <meetingId>', 'cancel a meeting; once invited, the invitees get the cancellation').action(
    acting(globals, async (deps, actor, meetingId: string) => {
      const cancelled = await cancelMeeting(deps, actor, { meetingId });
      console.log(`Cancelled.${cancelled.invitationsCancelled ? ' The invitees are being sent the cancellation.' : ''}`);
    }),
  );

  subcommand(
    meetings,
    'import <file>',
    `add a year's meetings from a CSV file with columns ${MEETING_COLUMNS.join(', ')}; every row is added, or none`,
  ).action(
    acting(globals, async (deps, actor, file: string) => {
      const { added } = await importMeetings(deps, actor, { csv: await readCsvFile(file) });
      console.log(`Added ${added} meeting(s) to the calendar.`);
    }),
  );

  subcommand(meetings, 'agenda <meetingId>', 'the reports due for a meeting, and whether they are in').action(
    acting(globals, async (deps, actor, meetingId: string) => {
      const agenda = await meetingAgenda(deps, actor, { meetingId });
      console.log(`${agenda.panel}, ${agenda.when}${agenda.status === 'SCHEDULED' ? '' : ` (${agenda.status.toLowerCase()})`}`);
      for (const report of agenda.reports) {
        const state = report.late ? 'LATE' : report.status.toLowerCase();
        console.log(`  ${report.title.padEnd(50)} due ${report.dueOnText ?? 'n/a'}  ${state}${report.owner ? `  (${report.owner})` : ''}`);
      }
      if (!agenda.reports.length) console.log('  No reports are attached to this meeting yet.');
    }),
  );
}
