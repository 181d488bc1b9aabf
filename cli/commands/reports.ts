import fs from 'node:fs';

import type { Command } from 'commander';

import { formatDateTime } from '../../domain/calendar';
import { listReportDuties, listReports, produceReport, reportDownload } from '../../services/reports';
import { withServices, type GlobalOptions } from '../context';

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
          const circulated = report.circulatedAt ? `circulated ${formatDateTime(report.circulatedAt)}` : report.status.toLowerCase();
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
    .description('save a report as HTML, PDF or CSV')
    .option('--format <format>', 'html, pdf or csv', 'pdf')
    .option('--out <file>', 'where to save it (default: its own name in this folder)')
    .action(async (reportId: string, options: { format: string; out?: string }) => {
      await withServices(globals(), async (deps, actor) => {
        const file = await reportDownload(deps, actor, { reportId, format: options.format });
        fs.writeFileSync(options.out ?? file.filename, file.content);
        console.log(`Saved ${options.out ?? file.filename}.`);
      });
    });
}
