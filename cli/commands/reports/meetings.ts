import type { Command } from 'commander';

import { addMeeting, cancelMeeting, listMeetings, meetingAgenda, sendMeetingInvitations } from '../../../services/reports/meetings';
import { acting, showing, type GlobalOptions } from '../../context';

export function registerMeetingCommands(program: Command, globals: () => GlobalOptions): void {
  const meetings = program.command('meetings').description('panel meetings');

  showing(meetings.command('list').description('list panel meetings, soonest first'), globals, listMeetings, (rows) => {
    for (const row of rows) console.log(`${row.id}  ${row.when.padEnd(40)} ${row.panel} (${row.invitees} on the list)`);
  });

  meetings
    .command('invite <meetingId>')
    .description("email the meeting's calendar invitation to the panel's distribution list")
    .action(
      acting(globals, async (deps, actor, meetingId: string) => {
        const result = await sendMeetingInvitations(deps, actor, { meetingId });
        console.log(`Invitations are being sent (workflow ${result.workflowId}).`);
      }),
    );

  meetings
    .command('add <panelKey>')
    .description('add a meeting to a panel’s calendar')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .requiredOption('--time <time>', 'HH:MM, e.g. 18:30')
    .requiredOption('--location <place>')
    .action(
      acting(globals, async (deps, actor, panelKey: string, options: { date: string; time: string; location: string }) => {
        const result = await addMeeting(deps, actor, { panelKey, ...options });
        console.log(`Added: ${result.when} (${result.meetingId}).`);
      }),
    );

  meetings.command('cancel <meetingId>').action(
    acting(globals, async (deps, actor, meetingId: string) => {
      await cancelMeeting(deps, actor, { meetingId });
      console.log('Cancelled.');
    }),
  );

  meetings
    .command('agenda <meetingId>')
    .description('the reports due for a meeting, and whether they are in')
    .action(
      acting(globals, async (deps, actor, meetingId: string) => {
        const agenda = await meetingAgenda(deps, actor, { meetingId });
        console.log(`${agenda.panel}, ${agenda.when}${agenda.status === 'SCHEDULED' ? '' : ` (${agenda.status.toLowerCase()})`}`);
        for (const report of agenda.reports) {
          const state = report.late ? 'LATE' : report.status.toLowerCase();
          console.log(`  ${report.title.padEnd(50)} due ${report.dueOn ?? 'n/a'}  ${state}${report.owner ? `  (${report.owner})` : ''}`);
        }
        if (!agenda.reports.length) console.log('  No reports are attached to this meeting yet.');
      }),
    );
}
