import type { Command } from 'commander';

import { listMeetings, sendMeetingInvitations } from '../../services/panels';
import { withServices, type GlobalOptions } from '../context';

export function registerMeetingCommands(program: Command, globals: () => GlobalOptions): void {
  const meetings = program.command('meetings').description('panel meetings');

  meetings
    .command('list')
    .description('list panel meetings, soonest first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(globals(), async (deps, actor) => {
        const rows = await listMeetings(deps, actor);
        if (options.json) return console.log(JSON.stringify(rows, null, 2));
        for (const row of rows) console.log(`${row.id}  ${row.when.padEnd(40)} ${row.panel} (${row.invitees} on the list)`);
      });
    });

  meetings
    .command('invite <meetingId>')
    .description("email the meeting's calendar invitation to the panel's distribution list")
    .action(async (meetingId: string) => {
      await withServices(globals(), async (deps, actor) => {
        const result = await sendMeetingInvitations(deps, actor, { meetingId });
        console.log(`Invitations are being sent (workflow ${result.workflowId}).`);
      });
    });
}
