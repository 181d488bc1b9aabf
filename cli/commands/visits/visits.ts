import fs from 'node:fs';

import type { Command } from 'commander';

import { formatDate } from '../../../domain/calendar';
import { listVisits, resolveIssue, submitVisitReport } from '../../../services/visits/visits';
import { acting, showing, subcommand, type GlobalOptions } from '../../context';
import { registerConflictCommands, registerEstablishmentCommands } from './establishments';
import { registerProgrammeCommands } from './programmes';

/** The visits duty's commands: establishments, programmes, conflicts, visits and their issues. */
export function registerVisitCommands(program: Command, globals: () => GlobalOptions): void {
  registerEstablishmentCommands(program, globals);
  registerProgrammeCommands(program, globals);
  registerConflictCommands(program, globals);
  registerVisitReportCommands(program, globals);
}

/** `visits` and `issues`: the visits themselves, their reports, and the issues found. */
function registerVisitReportCommands(program: Command, globals: () => GlobalOptions): void {
  const visits = program.command('visits').description('visits and their reports');

  showing(
    visits.command('list').option('--establishment <key>', 'only this home or office'),
    globals,
    async (deps, actor, options: { establishment?: string }) => listVisits(deps, actor, { establishmentKey: options.establishment }),
    (rows) => {
      for (const row of rows) {
        console.log(`${row.id}  ${row.establishment.padEnd(36)} ${row.period.padEnd(56)} ${row.status.toLowerCase()}`);
      }
    },
  );

  subcommand(visits, 'report <visitId>', 'record a visit report on a member’s behalf, from a JSON file')
    .requiredOption('--member <reference>', 'the member who visited')
    .requiredOption(
      '--file <report.json>',
      '{ "visitedOn": "2026-11-12", "spokeWithChildren": true, "spokeWithStaff": true, "childrenSafeguarded": true, "wellbeingPromoted": true, ' +
        '"spokeWithChildrenInPrivate": true, "recordsInspected": ["complaints", "incidents"], "noConflictDeclared": true, "summary": "...", "issues": [...] }',
    )
    .action(
      acting(globals, async (deps, actor, visitId: string, options: { member: string; file: string }) => {
        const report: unknown = JSON.parse(fs.readFileSync(options.file, 'utf8'));
        const result = await submitVisitReport(deps, { kind: 'officer', actor, memberReference: options.member }, { visitId }, report);
        console.log(result.created ? 'Report recorded.' : 'A report was already recorded for this visit; nothing changed.');
      }),
    );

  program
    .command('issues')
    .description('issues found on visits')
    .command('resolve <issueId>')
    .requiredOption('--on <date>', 'the date it was put right (YYYY-MM-DD)')
    .action(
      acting(globals, async (deps, actor, issueId: string, options: { on: string }) => {
        await resolveIssue(deps, actor, { issueId, resolvedOn: options.on });
        console.log(`Resolved on ${formatDate(options.on)}.`);
      }),
    );
}
