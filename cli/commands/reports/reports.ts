import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { formatDateTime } from '../../../domain/calendar';
import {
  listReportDuties,
  listReports,
  produceReport,
  reportCirculation,
  reportDownload,
  submitAuthoredReport,
} from '../../../services/reports/reports';
import { requireWriter } from '../../../services/access';
import { approveReport } from '../../../services/reports/approval';
import { acting, subcommand, type GlobalOptions } from '../../context';
import { registerReportDutyCommands } from './duties';

export function registerReportCommands(program: Command, globals: () => GlobalOptions): void {
  const reports = program.command('reports').description('panel reports: duties, the archive, producing and downloading');
  registerArchiveCommands(reports, globals);
  registerReportDutyCommands(reports, globals);
  registerSubmissionCommands(reports, globals);
}

/** The archive: duties and reports listed, a report produced now, a report downloaded. */
function registerArchiveCommands(reports: Command, globals: () => GlobalOptions): void {
  subcommand(reports, 'duties', 'the reports the council owes its panels').action(
    acting(globals, async (deps, actor) => {
      for (const duty of await listReportDuties(deps, actor)) {
        console.log(
          `${duty.key.padEnd(24)} ${duty.cadence.toLowerCase().padEnd(12)} ${duty.yearBasis.toLowerCase().padEnd(10)} ${duty.title} → ${duty.panel}`,
        );
      }
    }),
  );

  subcommand(reports, 'list', 'the archive, newest first')
    .option('--duty <key>', 'only this duty')
    .action(
      acting(globals, async (deps, actor, options: { duty?: string }) => {
        for (const report of await listReports(deps, actor, { dutyKey: options.duty })) {
          const circulated = report.circulatedAt
            ? `circulated ${formatDateTime(report.circulatedAt)}`
            : `${report.status.toLowerCase()}${report.dueOn ? `, due ${report.dueOn}` : ''}`;
          console.log(`${report.id}  ${report.duty.padEnd(20)} v${report.version}  ${report.period.text}  ${circulated}`);
        }
      }),
    );

  subcommand(reports, 'produce <dutyKey>', 'produce and circulate a report now (for the period just ended unless --period-start is given)')
    .option('--period-start <date>', 'a day in the period to report on (YYYY-MM-DD)')
    .option('--regenerate', 'produce a new version even if this period was already reported')
    .action(
      acting(globals, async (deps, actor, dutyKey: string, options: { periodStart?: string; regenerate?: boolean }) => {
        const result = await produceReport(deps, actor, {
          dutyKey,
          periodStart: options.periodStart,
          regenerate: Boolean(options.regenerate),
        });
        console.log(
          result.awaitingApproval
            ? `Report ${result.reportId} (version ${result.version}) waits for an officer to approve it: cpe reports approve ${result.reportId}.`
            : `Report ${result.reportId} (version ${result.version}) sent to ${result.sent} recipient(s)${result.failed ? `; ${result.failed} could not be delivered` : ''}.`,
        );
      }),
    );

  subcommand(reports, 'download <reportId>', 'save a report as HTML, PDF or CSV, or the file its owner uploaded')
    .option('--format <format>', 'html, pdf, csv or original', 'pdf')
    .option('--out <file>', 'where to save it (default: its own name in this folder)')
    .action(
      acting(globals, async (deps, actor, reportId: string, options: { format: string; out?: string }) => {
        const file = await reportDownload(deps, actor, { reportId, format: options.format });
        fs.writeFileSync(options.out ?? file.filename, file.content);
        console.log(`Saved ${options.out ?? file.filename}.`);
      }),
    );
}

/** Authored reports submitted on their owner's behalf, and who received each version. */
function registerSubmissionCommands(reports: Command, globals: () => GlobalOptions): void {
  subcommand(reports, 'submit <reportId>', 'submit an authored report on its owner’s behalf: a link or a file; it is circulated at once')
    .option('--link <url>')
    .option('--file <path>')
    .action(
      acting(globals, async (deps, actor, reportId: string, options: { link?: string; file?: string }) => {
        requireWriter(actor, 'submit reports');
        const officer = await deps.db.officer.findUniqueOrThrow({ where: { id: actor.officerId }, select: { name: true } });
        const file = options.file
          ? { name: path.basename(options.file), type: 'application/octet-stream', bytes: fs.readFileSync(options.file) }
          : undefined;
        await submitAuthoredReport(deps, reportId, actor.councilId, { link: options.link, file, submittedBy: officer.name });
        console.log('Submitted; it is being sent to the panel.');
      }),
    );

  subcommand(
    reports,
    'approve <reportId>',
    'approve a report held back for review, with an optional commentary; it is sent to the panel at once',
  )
    .option('--commentary <text>', 'a paragraph or two the panel reads before the report')
    .action(
      acting(globals, async (deps, actor, reportId: string, options: { commentary?: string }) => {
        const { approvedBy } = await approveReport(deps, actor, { reportId, commentary: options.commentary });
        console.log(`Approved by ${approvedBy}; it is being sent to the panel.`);
      }),
    );

  subcommand(reports, 'circulation <reportId>', 'the versions of a report and who received each, when').action(
    acting(globals, async (deps, actor, reportId: string) => {
      for (const version of await reportCirculation(deps, actor, reportId)) {
        console.log(
          `Version ${version.version}: ${version.status.toLowerCase()}${version.submittedBy ? `, submitted by ${version.submittedBy}` : ''}`,
        );
        for (const recipient of version.recipients)
          console.log(`  ${recipient.email.padEnd(48)} ${recipient.sentAtText ?? recipient.status.toLowerCase()}`);
      }
    }),
  );
}
