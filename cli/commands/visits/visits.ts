import fs from 'node:fs';

import type { Command } from 'commander';

import { formatDate } from '../../../domain/calendar';
import {
  listProgrammes,
  pauseProgramme,
  recordConflict,
  registerEstablishment,
  resumeProgramme,
  startProgramme,
  stopProgramme,
} from '../../../services/visits/programmes';
import { listVisits, resolveIssue, submitVisitReport } from '../../../services/visits/visits';
import { withServices, type GlobalOptions } from '../../context';

const list = (value: string) => value.split(',').map((item) => Number(item.trim()));

export function registerVisitCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('establishments')
    .description("children's homes and social work offices")
    .command('register')
    .description('register a home or office')
    .requiredOption('--key <key>', 'short id, e.g. oakfield-house')
    .requiredOption('--name <name>', 'the name people know it by')
    .requiredOption('--kind <kind>', 'CHILDRENS_HOME or SOCIAL_WORK_OFFICE')
    .option('--address <address>')
    .option('--ofsted-urn <urn>')
    .option('--manager-name <name>')
    .option('--manager-email <email>')
    .action(
      async (options: {
        key: string;
        name: string;
        kind: 'CHILDRENS_HOME' | 'SOCIAL_WORK_OFFICE';
        address?: string;
        ofstedUrn?: string;
        managerName?: string;
        managerEmail?: string;
      }) => {
        await withServices(globals(), async (deps, actor) => {
          const establishment = await registerEstablishment(deps, actor, options);
          console.log(`Registered ${establishment.name} (${establishment.key}).`);
        });
      },
    );

  const programmes = program.command('programmes').description('visit programmes (Regulation 33 and Recommendation 41)');

  programmes
    .command('list')
    .description('every home and office, its programme and this period’s visit')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(globals(), async (deps, actor) => {
        const rows = await listProgrammes(deps, actor);
        if (options.json) return console.log(JSON.stringify(rows, null, 2));
        for (const row of rows) {
          const programme = row.programme ? `${row.programme.status.toLowerCase()}, ${row.programme.pool}` : 'no programme';
          const visit = row.currentVisit
            ? `${row.currentVisit.status.toLowerCase()} (${row.currentVisit.visitors.map((v) => `${v.name}: ${v.status.toLowerCase()}`).join('; ') || 'nobody yet'})`
            : '';
          console.log(`${row.key.padEnd(28)} ${programme.padEnd(48)} ${visit}`);
        }
      });
    });

  programmes
    .command('start <establishmentKey>')
    .description('start (or update) the visit programme of a home or office; running it twice is harmless')
    .requiredOption('--pool <poolKey>', 'the pool visitors are allocated from')
    .option('--visitors <n>', 'visitors per visit (1 or 2)', '1')
    .option('--reminders <days>', 'days before the period ends to remind, e.g. 14,3', '14,3')
    .option('--response-days <n>', 'days a visitor has to accept before the visit is offered to someone else', '5')
    .option('--cadence <months>', 'months per visit (homes: 1; offices default 3)')
    .action(
      async (
        establishmentKey: string,
        options: { pool: string; visitors: string; reminders: string; responseDays: string; cadence?: string },
      ) => {
        await withServices(globals(), async (deps, actor) => {
          const result = await startProgramme(deps, actor, {
            establishmentKey,
            poolKey: options.pool,
            visitorsPerVisit: Number(options.visitors),
            reminderDays: list(options.reminders),
            responseDays: Number(options.responseDays),
            cadenceMonths: options.cadence === undefined ? undefined : Number(options.cadence),
          });
          console.log(`Programme running (workflow ${result.workflowId}). See it with \`programmes list\` or in the Temporal UI.`);
        });
      },
    );

  for (const [name, change, done] of [
    ['pause', pauseProgramme, 'Paused: this period’s visit is cancelled and its visitors told.'],
    ['resume', resumeProgramme, 'Resumed: this period’s visit is being allocated.'],
    ['stop', stopProgramme, 'Stopped: no further visits will be arranged.'],
  ] as const) {
    programmes
      .command(`${name} <establishmentKey>`)
      .description(`${name} a programme`)
      .action(async (establishmentKey: string) => {
        await withServices(globals(), async (deps, actor) => {
          await change(deps, actor, { establishmentKey });
          console.log(done);
        });
      });
  }

  program
    .command('conflicts')
    .description('conflicts of interest (regulation 43)')
    .command('record <establishmentKey> <memberReference>')
    .description('keep a member away from one establishment’s visits')
    .requiredOption('--reason <reason>', 'what the conflict is')
    .requiredOption('--from <date>', 'from (YYYY-MM-DD)')
    .option('--to <date>', 'until (YYYY-MM-DD)')
    .action(async (establishmentKey: string, memberReference: string, options: { reason: string; from: string; to?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        await recordConflict(deps, actor, { establishmentKey, memberReference, ...options });
        console.log(`Recorded from ${formatDate(options.from)}.`);
      });
    });

  const visits = program.command('visits').description('visits and their reports');

  visits
    .command('list')
    .option('--establishment <key>', 'only this home or office')
    .option('--json', 'print JSON')
    .action(async (options: { establishment?: string; json?: boolean }) => {
      await withServices(globals(), async (deps, actor) => {
        const rows = await listVisits(deps, actor, { establishmentKey: options.establishment });
        if (options.json) return console.log(JSON.stringify(rows, null, 2));
        for (const row of rows) {
          console.log(`${row.id}  ${row.establishment.padEnd(36)} ${row.period.padEnd(56)} ${row.status.toLowerCase()}`);
        }
      });
    });

  visits
    .command('report <visitId>')
    .description('record a visit report on a member’s behalf, from a JSON file')
    .requiredOption('--member <reference>', 'the member who visited')
    .requiredOption(
      '--file <report.json>',
      '{ "visitedOn": "2026-11-12", "spokeWithChildren": true, "spokeWithStaff": true, "summary": "...", "quotable": false, "issues": [...] }',
    )
    .action(async (visitId: string, options: { member: string; file: string }) => {
      await withServices(globals(), async (deps, actor) => {
        const report: unknown = JSON.parse(fs.readFileSync(options.file, 'utf8'));
        const result = await submitVisitReport(deps, { kind: 'officer', actor, memberReference: options.member }, { visitId }, report);
        console.log(result.created ? 'Report recorded.' : 'A report was already recorded for this visit; nothing changed.');
      });
    });

  program
    .command('issues')
    .description('issues found on visits')
    .command('resolve <issueId>')
    .requiredOption('--on <date>', 'the date it was put right (YYYY-MM-DD)')
    .action(async (issueId: string, options: { on: string }) => {
      await withServices(globals(), async (deps, actor) => {
        await resolveIssue(deps, actor, { issueId, resolvedOn: options.on });
        console.log(`Resolved on ${formatDate(options.on)}.`);
      });
    });
}
