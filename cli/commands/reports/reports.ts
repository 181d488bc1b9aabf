import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { formatDateTime } from '../../../domain/calendar';
import {
  listReportDuties,
  listReports,
  produceReport,
  registerReportDuty,
  reportCirculation,
  reportDownload,
  submitAuthoredReport,
  updateReportDuty,
  type RegisterReportDutyInput,
} from '../../../services/reports/reports';
import { requireWriter } from '../../../services/access';
import { list, withServices, type GlobalOptions } from '../../context';

export function registerReportCommands(program: Command, globals: () => GlobalOptions): void {
  const reports = program.command('reports').description('panel reports: duties, the archive, producing and downloading');

  reports
    .command('duties')
    .description('the reports the council owes its panels')
    .action(async () => {
      await withServices(globals(), async (deps, actor) => {
        for (const duty of await listReportDuties(deps, actor)) {
          console.log(
            `${duty.key.padEnd(24)} ${duty.cadence.toLowerCase().padEnd(12)} ${duty.yearBasis.toLowerCase().padEnd(10)} ${duty.title} → ${duty.panel}`,
          );
        }
      });
    });

  reports
    .command('list')
    .description('the archive, newest first')
    .option('--duty <key>', 'only this duty')
    .action(async (options: { duty?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        for (const report of await listReports(deps, actor, { dutyKey: options.duty })) {
          const circulated = report.circulatedAt
            ? `circulated ${formatDateTime(report.circulatedAt)}`
            : `${report.status.toLowerCase()}${report.dueOn ? `, due ${report.dueOn}` : ''}`;
          console.log(`${report.id}  ${report.duty.padEnd(20)} v${report.version}  ${report.period}  ${circulated}`);
        }
      });
    });

  reports
    .command('produce <dutyKey>')
    .description('produce and circulate a report now (for the period just ended unless --period-start is given)')
    .option('--period-start <date>', 'a day in the period to report on (YYYY-MM-DD)')
    .option('--regenerate', 'produce a new version even if this period was already reported')
    .action(async (dutyKey: string, options: { periodStart?: string; regenerate?: boolean }) => {
      await withServices(globals(), async (deps, actor) => {
        const result = await produceReport(deps, actor, {
          dutyKey,
          periodStart: options.periodStart,
          regenerate: Boolean(options.regenerate),
        });
        console.log(
          `Report ${result.reportId} (version ${result.version}) sent to ${result.sent} recipient(s)${result.failed ? `; ${result.failed} could not be delivered` : ''}.`,
        );
      });
    });

  reports
    .command('download <reportId>')
    .description('save a report as HTML, PDF or CSV, or the file its owner uploaded')
    .option('--format <format>', 'html, pdf, csv or original', 'pdf')
    .option('--out <file>', 'where to save it (default: its own name in this folder)')
    .action(async (reportId: string, options: { format: string; out?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        const file = await reportDownload(deps, actor, { reportId, format: options.format });
        fs.writeFileSync(options.out ?? file.filename, file.content);
        console.log(`Saved ${options.out ?? file.filename}.`);
      });
    });

  reports
    .command('duty-add <key>')
    .description('register a report the council owes a panel')
    .requiredOption('--title <title>')
    .requiredOption('--panel <panelKey>')
    .requiredOption('--authoring <kind>', 'GENERATED (built by the engine) or AUTHORED (written by its owner)')
    .requiredOption('--cadence <cadence>', 'QUARTERLY, SIX_MONTHLY, ANNUAL or ONE_OFF')
    .option('--generator <name>', 'for generated reports, e.g. visit-summary:REG33_HOMES, compliance-overview')
    .option('--year-basis <basis>', 'MUNICIPAL (from May) or FINANCIAL (from April)', 'MUNICIPAL')
    .option('--owner-name <name>')
    .option('--owner-email <email>')
    .option('--due-working-days <n>', 'working days before the panel meeting it is due', '10')
    .option('--reminders <days>', 'working days before the due date to remind the owner', '10,3')
    .option('--one-off-from <date>', 'for ONE_OFF: the date it counts from')
    .option('--one-off-months <n>', 'for ONE_OFF: within how many months')
    .option('--also-to <emails>', 'recipients besides the panel’s distribution list', '')
    .action(
      async (
        key: string,
        options: {
          title: string;
          panel: string;
          authoring: string;
          cadence: string;
          generator?: string;
          yearBasis: string;
          ownerName?: string;
          ownerEmail?: string;
          dueWorkingDays: string;
          reminders: string;
          oneOffFrom?: string;
          oneOffMonths?: string;
          alsoTo: string;
        },
      ) => {
        await withServices(globals(), async (deps, actor) => {
          // Strings from the command line; registerReportDuty validates them and names any that are wrong.
          const input = {
            key,
            title: options.title,
            panelKey: options.panel,
            authoring: options.authoring,
            cadence: options.cadence,
            generator: options.generator,
            yearBasis: options.yearBasis,
            ownerName: options.ownerName,
            ownerEmail: options.ownerEmail,
            dueWorkingDaysBeforeMeeting: Number(options.dueWorkingDays),
            reminderDays: list(options.reminders).map(Number),
            oneOffFrom: options.oneOffFrom,
            oneOffMonths: options.oneOffMonths === undefined ? undefined : Number(options.oneOffMonths),
            extraRecipients: list(options.alsoTo),
          } as RegisterReportDutyInput;
          const duty = await registerReportDuty(deps, actor, input);
          console.log(`Registered ${duty.title}; ${duty.cadence === 'ONE_OFF' ? 'its run has started' : 'its schedule is in place'}.`);
        });
      },
    );

  reports
    .command('duty-update <key>')
    .description('change a duty: a new cadence updates its schedule in place')
    .option('--cadence <cadence>')
    .option('--year-basis <basis>')
    .option('--owner-name <name>')
    .option('--owner-email <email>')
    .option('--off', 'switch the duty off (its schedule is removed)')
    .option('--on', 'switch the duty back on')
    .action(
      async (
        key: string,
        options: { cadence?: string; yearBasis?: string; ownerName?: string; ownerEmail?: string; off?: boolean; on?: boolean },
      ) => {
        await withServices(globals(), async (deps, actor) => {
          await updateReportDuty(deps, actor, {
            key,
            ...(options.cadence && { cadence: options.cadence as 'QUARTERLY' }),
            ...(options.yearBasis && { yearBasis: options.yearBasis as 'MUNICIPAL' }),
            ...(options.ownerName && { ownerName: options.ownerName }),
            ...(options.ownerEmail && { ownerEmail: options.ownerEmail }),
            ...((options.off || options.on) && { active: Boolean(options.on) }),
          });
          console.log('Updated.');
        });
      },
    );

  reports
    .command('submit <reportId>')
    .description('submit an authored report on its owner’s behalf: a link or a file; it is circulated at once')
    .option('--link <url>')
    .option('--file <path>')
    .action(async (reportId: string, options: { link?: string; file?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        requireWriter(actor, 'submit reports');
        const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
        const file = options.file
          ? { name: path.basename(options.file), type: 'application/octet-stream', bytes: fs.readFileSync(options.file) }
          : undefined;
        await submitAuthoredReport(deps, reportId, actor.councilId, { link: options.link, file, submittedBy: officer.name });
        console.log('Submitted; it is being sent to the panel.');
      });
    });

  reports
    .command('circulation <reportId>')
    .description('the versions of a report and who received each, when')
    .action(async (reportId: string) => {
      await withServices(globals(), async (deps, actor) => {
        for (const version of await reportCirculation(deps, actor, reportId)) {
          console.log(
            `Version ${version.version}: ${version.status.toLowerCase()}${version.submittedBy ? `, submitted by ${version.submittedBy}` : ''}`,
          );
          for (const recipient of version.recipients)
            console.log(`  ${recipient.email.padEnd(48)} ${recipient.sentAt ?? recipient.status.toLowerCase()}`);
        }
      });
    });
}
