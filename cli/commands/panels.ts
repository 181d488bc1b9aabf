import type { Command } from 'commander';

import { formatDate } from '../../domain/calendar';
import { PanelKind } from '../../prisma/generated/client';
import {
  addDistributionRecipient,
  DISTRIBUTION_COLUMNS,
  importDistribution,
  removeDistributionRecipient,
} from '../../services/panel-distribution';
import { addPanelSeat, createPanel, editPanel, endPanelSeat, listPanels, panelDetail, recordElection } from '../../services/panels';
import { acting, list, readCsvFile, showing, subcommand, table, type GlobalOptions } from '../context';

/** A blank option clears the field; a missing one leaves it as it is. */
const orNull = (value: string | undefined) => (value === undefined ? undefined : value.trim() === '' ? null : value);

/** Panels (officers, members and distribution list), seats and elections: seats and elections make courses due. */
export function registerPanelCommands(program: Command, globals: () => GlobalOptions): void {
  const panels = program.command('panels').description('panels, their chair, clerk, lead member and distribution list');

  showing(subcommand(panels, 'list', 'list the council’s panels'), globals, listPanels, (rows) => {
    console.log(
      table([
        ['key', 'name', 'chair', 'seats', 'recipients'],
        ...rows.map((row) => [row.key, row.name, row.chair ?? '-', String(row.seatsNow), String(row.recipients)]),
      ]),
    );
  });

  showing(
    subcommand(panels, 'show <panelKey>', 'one panel: its people, seats, distribution list and meetings'),
    globals,
    (deps, actor, panelKey: string) => panelDetail(deps, actor, { panelKey }),
    (panel) => {
      const person = (entry: { name: string; reference: string } | null) => (entry ? `${entry.name} (${entry.reference})` : 'none');
      console.log(`${panel.name} (${panel.key})`);
      console.log(
        `  Chair: ${person(panel.chair)}; lead member: ${person(panel.leadMember)}; clerk: ${panel.clerk.name ?? 'none'}${panel.clerk.email ? ` <${panel.clerk.email}>` : ''}`,
      );
      console.log(`  Seats:`);
      for (const seat of panel.seats)
        console.log(
          `    ${seat.member.name} (${seat.member.reference}) from ${formatDate(seat.from)}${seat.to ? ` to ${formatDate(seat.to)}` : ''}`,
        );
      console.log(`  Distribution list:`);
      for (const recipient of panel.distribution)
        console.log(`    ${recipient.id}  ${recipient.name} <${recipient.email}>${recipient.role ? `, ${recipient.role}` : ''}`);
      console.log(`  Meetings:`);
      for (const meeting of panel.meetings)
        console.log(`    ${meeting.id}  ${meeting.when}, ${meeting.location}${meeting.status === 'CANCELLED' ? ' (cancelled)' : ''}`);
    },
  );

  panels
    .command('create <key>')
    .requiredOption('--name <name>', 'e.g. "Corporate Parenting Panel"')
    .requiredOption('--kind <kind>', Object.values(PanelKind).join(', '))
    .action(
      acting(globals, async (deps, actor, key: string, options: { name: string; kind: PanelKind }) => {
        const panel = await createPanel(deps, actor, { key, ...options });
        console.log(`Created ${panel.name} (${panel.key}).`);
      }),
    );

  subcommand(panels, 'edit <panelKey>', 'change the name, chair, lead member or clerk; give an empty value ("") to clear one')
    .option('--name <name>')
    .option('--chair <memberReference>')
    .option('--lead-member <memberReference>')
    .option('--clerk-name <name>')
    .option('--clerk-email <email>')
    .action(
      acting(
        globals,
        async (
          deps,
          actor,
          panelKey: string,
          options: { name?: string; chair?: string; leadMember?: string; clerkName?: string; clerkEmail?: string },
        ) => {
          await editPanel(deps, actor, {
            panelKey,
            name: options.name,
            chairReference: orNull(options.chair),
            leadMemberReference: orNull(options.leadMember),
            clerkName: orNull(options.clerkName),
            clerkEmail: orNull(options.clerkEmail),
          });
          console.log('Panel updated.');
        },
      ),
    );

  const distribution = panels.command('distribution').description('who receives the panel’s reports and meeting invitations');
  distribution
    .command('add <panelKey>')
    .requiredOption('--name <name>')
    .requiredOption('--email <email>')
    .option('--role <role>', 'why they receive the papers, e.g. "Designated nurse"')
    .action(
      acting(globals, async (deps, actor, panelKey: string, options: { name: string; email: string; role?: string }) => {
        const added = await addDistributionRecipient(deps, actor, { panelKey, ...options });
        console.log(`Added ${added.name} <${added.email}> (${added.id}).`);
      }),
    );
  subcommand(distribution, 'remove <panelKey> <recipientId>', 'take someone off the list (ids are shown by `cpe panels show`)').action(
    acting(globals, async (deps, actor, panelKey: string, recipientId: string) => {
      const removed = await removeDistributionRecipient(deps, actor, { panelKey, recipientId });
      console.log(`Removed ${removed.name} <${removed.email}>.`);
    }),
  );
  subcommand(
    distribution,
    'import <panelKey> <file>',
    `add recipients from a CSV file with columns ${DISTRIBUTION_COLUMNS.join(', ')}; every row is added, or none`,
  ).action(
    acting(globals, async (deps, actor, panelKey: string, file: string) => {
      const { added, panelName } = await importDistribution(deps, actor, { panelKey, csv: await readCsvFile(file) });
      console.log(`Added ${added} recipient(s) to the ${panelName} distribution list.`);
    }),
  );

  const seats = program.command('seats').description('panel seats (courses a panel requires become due)');
  seats
    .command('add <panelKey> <memberReference>')
    .requiredOption('--from <date>')
    .option('--to <date>')
    .option('--confirm', 'seat the member even if they have not done a course the panel requires')
    .action(
      acting(
        globals,
        async (deps, actor, panelKey: string, memberReference: string, options: { from: string; to?: string; confirm?: boolean }) => {
          await addPanelSeat(deps, actor, {
            panelKey,
            memberReference,
            from: options.from,
            to: options.to,
            confirmMissingTraining: options.confirm,
          });
          console.log('Seat added; any course the panel requires is now due for the member.');
        },
      ),
    );
  seats
    .command('end <panelKey> <memberReference>')
    .requiredOption('--on <date>', 'the last day in the seat')
    .action(
      acting(globals, async (deps, actor, panelKey: string, memberReference: string, options: { on: string }) => {
        await endPanelSeat(deps, actor, { panelKey, memberReference, on: options.on });
        console.log('Seat ended.');
      }),
    );

  program
    .command('elections')
    .description('elections (courses renewed after elections become due again)')
    .command('record')
    .requiredOption('--on <date>', 'election day')
    .requiredOption('--members <references>', 'comma-separated member references elected that day')
    .action(
      acting(globals, async (deps, actor, options: { on: string; members: string }) => {
        const result = await recordElection(deps, actor, { on: options.on, memberReferences: list(options.members) });
        console.log(`Recorded for ${result.members} member(s).`);
      }),
    );
}
